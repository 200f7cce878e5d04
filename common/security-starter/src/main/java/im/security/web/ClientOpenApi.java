package im.security.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Declares the user token in the client-facing OpenAPI document and requires it on every operation:
 * the document lists only what clients reach (the management side is on its own port, docs/admin.md).
 */
public final class ClientOpenApi implements OpenApiCustomizer {

    static final String SCHEME = "userToken";

    @Override
    public void customise(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        api.getComponents()
                .addSecuritySchemes(
                        SCHEME,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("JWT")
                                .description("The user's token, the same as the WebSocket's (docs/protocol.md)"));
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths()
                .forEach((path, item) -> item.readOperations().forEach(op -> {
                    op.addSecurityItem(new SecurityRequirement().addList(SCHEME));
                    if (op.getResponses() == null) {
                        op.setResponses(new ApiResponses());
                    }
                    op.getResponses()
                            .addApiResponse(
                                    "401",
                                    new ApiResponse()
                                            .description("No token, a bad one ('unauthenticated') or an expired one"
                                                    + " ('token_expired')")
                                            .content(new Content()
                                                    .addMediaType(
                                                            "application/problem+json",
                                                            new MediaType().schema(new Schema<>().type("object")))));
                }));
    }
}
