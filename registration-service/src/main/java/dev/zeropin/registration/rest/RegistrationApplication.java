package dev.zeropin.registration.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** OpenAPI description of registration-service's HTTP API. */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "ZeroPIN registration-service",
                        version = "1",
                        description = "Projects, registrations, identities (M-Pin client secrets) and the admin API."),
        components =
                @Components(
                        securitySchemes =
                                @SecurityScheme(
                                        securitySchemeName = "adminToken",
                                        type = SecuritySchemeType.HTTP,
                                        scheme = "bearer",
                                        bearerFormat = "JWT",
                                        description =
                                                "Admin token (ES256, iss zeropin-admin, aud zeropin-admin-api, groups [admin])")))
public class RegistrationApplication extends Application {}
