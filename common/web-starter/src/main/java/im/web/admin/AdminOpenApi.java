package im.web.admin;

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

/** Declares the admin bearer token in the OpenAPI document and requires it on every {@code /admin} operation. */
final class AdminOpenApi implements OpenApiCustomizer {

    static final String SCHEME = "adminToken";

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
                                .description("The shared admin token (im.admin.token, env IM_ADMIN_TOKEN);"
                                        + " see docs/admin.md"));
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> {
            if (path.equals("/admin") || path.startsWith("/admin/")) {
                item.readOperations().forEach(op -> {
                    op.addSecurityItem(new SecurityRequirement().addList(SCHEME));
                    if (op.getResponses() == null) {
                        op.setResponses(new ApiResponses());
                    }
                    op.getResponses()
                            .addApiResponse(
                                    "401",
                                    new ApiResponse()
                                            .description("No or a wrong admin token (code 'unauthenticated')")
                                            .content(new Content()
                                                    .addMediaType(
                                                            "application/problem+json",
                                                            new MediaType().schema(new Schema<>().type("object")))));
                });
            }
        });
    }
}
