package im.security.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import im.protocol.ErrorCode;
import im.protocol.ImException;
import im.security.AuthProperties;
import im.web.secret.Secret;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens of an identity provider, verified against its key set (JWKS) that this test generates and
 * serves itself: RS256 and ES256 accepted, a rotated key fetched when a token names it, a key the
 * provider does not publish refused, and no way to make the server check a token with the wrong kind
 * of key.
 */
class KeySetTokensTest {

    static final String HMAC = "hmac-key-for-tests-0123456789abcdef0123";

    private HttpServer provider;
    private final AtomicReference<JWKSet> published = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private RSAKey rsa1;
    private ECKey ec1;

    @BeforeEach
    void serveKeySet() throws Exception {
        rsa1 = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec1 = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        published.set(new JWKSet(List.<JWK>of(rsa1.toPublicJWK(), ec1.toPublicJWK())));
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/jwks", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
    }

    @AfterEach
    void stop() {
        provider.stop(0);
    }

    private URI jwks() {
        return URI.create("http://127.0.0.1:" + provider.getAddress().getPort() + "/jwks");
    }

    private UserTokens tokens(Secret hmac, URI keySet) {
        return new UserTokens(
                new AuthProperties(
                        true,
                        hmac,
                        keySet,
                        Duration.ofSeconds(2),
                        null,
                        null,
                        Duration.ofSeconds(30),
                        List.of("RS256", "ES256")),
                Clock.systemUTC());
    }

    static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, String subject) throws JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(alg).keyID(kid).build(),
                new JWTClaimsSet.Builder()
                        .subject(subject)
                        .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                        .build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Test
    void rs256AndEs256TokensFromThePublishedKeysAreAccepted() throws Exception {
        UserTokens tokens = tokens(null, jwks());
        assertThat(tokens.verify(sign(new RSASSASigner(rsa1), JWSAlgorithm.RS256, "rsa-1", "alice"))
                        .userId())
                .isEqualTo("alice");
        assertThat(tokens.verify(sign(new ECDSASigner(ec1), JWSAlgorithm.ES256, "ec-1", "bob"))
                        .userId())
                .isEqualTo("bob");
    }

    @Test
    void aRotatedKeyIsFetchedWhenATokenFirstNamesIt() throws Exception {
        UserTokens tokens = tokens(null, jwks());
        tokens.verify(sign(new RSASSASigner(rsa1), JWSAlgorithm.RS256, "rsa-1", "alice"));
        int before = fetches.get();
        RSAKey rsa2 = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        published.set(new JWKSet(List.<JWK>of(rsa2.toPublicJWK(), ec1.toPublicJWK())));

        assertThat(tokens.verify(sign(new RSASSASigner(rsa2), JWSAlgorithm.RS256, "rsa-2", "carol"))
                        .userId())
                .isEqualTo("carol");
        assertThat(fetches.get()).isGreaterThan(before);
    }

    @Test
    void aKeyTheProviderDoesNotPublishIsRefused() throws Exception {
        UserTokens tokens = tokens(null, jwks());
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-9").generate();
        assertRefused(tokens, sign(new RSASSASigner(stranger), JWSAlgorithm.RS256, "rsa-9", "mallory"));
        // A published kid does not help a token signed with some other key.
        assertRefused(tokens, sign(new RSASSASigner(stranger), JWSAlgorithm.RS256, "rsa-1", "mallory"));
    }

    @Test
    void hmacTokensAreRefusedWhenOnlyTheKeySetIsConfigured() throws Exception {
        assertRefused(tokens(null, jwks()), sign(new MACSigner(HMAC), JWSAlgorithm.HS256, null, "alice"));
    }

    @Test
    void aTokenCannotHaveItsPublicKeyCheckedAsAnHmacSecret() throws Exception {
        // "Algorithm confusion": HS256 signed with the public key's bytes. The HMAC verifier only ever
        // uses the configured shared key, so this fails like any forgery.
        byte[] publicKey = rsa1.toPublicJWK().toRSAPublicKey().getEncoded();
        UserTokens tokens = tokens(Secret.valueOf(HMAC), jwks());
        assertRefused(tokens, sign(new MACSigner(publicKey), JWSAlgorithm.HS256, "rsa-1", "mallory"));
        assertThat(tokens.verify(sign(new MACSigner(HMAC), JWSAlgorithm.HS256, null, "alice"))
                        .userId())
                .isEqualTo("alice");
    }

    @Test
    void anUnreachableKeySetIsUnavailableNotAForgery() throws Exception {
        UserTokens tokens = tokens(null, jwks());
        provider.stop(0);
        assertThatThrownBy(() -> tokens.verify(sign(new RSASSASigner(rsa1), JWSAlgorithm.RS256, "rsa-1", "alice")))
                .isInstanceOfSatisfying(
                        ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    private static void assertRefused(UserTokens tokens, String token) {
        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOfSatisfying(
                        ImException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
    }
}
