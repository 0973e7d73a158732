package dev.zeropin.otp.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** OpenAPI description of otp-service's HTTP API. */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "ZeroPIN otp-service",
                        version = "1",
                        description =
                                "Two-pass M-Pin proof (pass 1, pass 2) that yields an OTP; internal OTP verification."),
        components =
                @Components(
                        securitySchemes =
                                @SecurityScheme(
                                        securitySchemeName = "serviceToken",
                                        type = SecuritySchemeType.HTTP,
                                        scheme = "bearer",
                                        bearerFormat = "JWT",
                                        description =
                                                "radius-gateway's service token (ES256, iss zeropin-radius-gateway,"
                                                        + " aud zeropin-otp-internal, groups [otp-verifier])")))
public class OtpApplication extends Application {}
