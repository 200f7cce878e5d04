package im.load.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** HS256 tokens with the claims the gateways require ({@code sub}, {@code exp}), as an issuer would mint. */
final class SecretTokenSource implements TokenSource {

    private final MACSigner signer;
    private final Duration ttl;

    SecretTokenSource(Path file, Duration ttl) {
        try {
            String secret = Files.readAllLines(file).get(0).trim();
            this.signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token secret " + file, e);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the token secret in " + file + " is too short for HS256", e);
        }
        this.ttl = ttl;
    }

    @Override
    public Map<String, String> tokens(List<String> users) {
        Map<String, String> out = new ConcurrentHashMap<>();
        users.parallelStream().forEach(u -> out.put(u, mint(u)));
        return out;
    }

    String mint(String user) {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder()
                        .subject(user)
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(ttl)))
                        .build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
