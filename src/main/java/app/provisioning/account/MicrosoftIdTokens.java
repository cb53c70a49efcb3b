package app.provisioning.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/**
 * Decodes and checks the ID tokens of sign-ins with Microsoft: signature against Entra's
 * published keys, audience, expiry and issued-at (Spring Security's OpenID Connect
 * checks), and what a multi-tenant sign-in needs besides: a tenant id and object id, and
 * the issuer of exactly the tenant the token names, since the {@code organizations}
 * endpoint signs for every tenant with the same keys.
 */
class MicrosoftIdTokens implements JwtDecoderFactory<ClientRegistration> {

	/**
	 * The error code of a token whose tenant, issuer or person is not what Entra would
	 * send.
	 */
	static final String NOT_ENTRA = "not_entra_id_token";

	private static final Pattern GUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * The tenant of personal Microsoft accounts (outlook.com, live.com): never an
	 * account's.
	 */
	static final String PERSONAL_ACCOUNTS = "9188040d-6c67-4c5b-b112-36a304b66dad";

	private final MicrosoftSignInProperties properties;

	private volatile JwtDecoder decoder;

	MicrosoftIdTokens(MicrosoftSignInProperties properties) {
		this.properties = properties;
	}

	@Override
	public JwtDecoder createDecoder(ClientRegistration registration) {
		JwtDecoder existing = this.decoder;
		if (existing != null) {
			return existing;
		}
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(FETCH_TIMEOUT);
		requests.setReadTimeout(FETCH_TIMEOUT);
		NimbusJwtDecoder created = NimbusJwtDecoder.withJwkSetUri(this.properties.jwkSetUri())
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.restOperations(new RestTemplate(requests))
			.build();
		created.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new OidcIdTokenValidator(registration),
				this::issuedByTheNamedTenant));
		created.setClaimSetConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter());
		this.decoder = created;
		return created;
	}

	private OAuth2TokenValidatorResult issuedByTheNamedTenant(Jwt token) {
		List<OAuth2Error> errors = new ArrayList<>();
		String tenantId = token.getClaimAsString("tid");
		String objectId = token.getClaimAsString("oid");
		if (tenantId == null || !GUID.matcher(tenantId).matches()) {
			errors.add(new OAuth2Error(NOT_ENTRA, "The ID token names no Entra tenant (tid)", null));
		}
		else if (PERSONAL_ACCOUNTS.equalsIgnoreCase(tenantId)) {
			errors.add(new OAuth2Error(NOT_ENTRA,
					"A personal Microsoft account (tenant " + tenantId + ") is no" + " organisation's account", null));
		}
		else if (token.getIssuer() == null
				|| !this.properties.issuerOf(tenantId).equals(token.getIssuer().toString())) {
			errors.add(new OAuth2Error(NOT_ENTRA, "The ID token's issuer " + token.getIssuer()
					+ " is not its tenant's, " + this.properties.issuerOf(tenantId), null));
		}
		if (objectId == null || !GUID.matcher(objectId).matches()) {
			errors.add(new OAuth2Error(NOT_ENTRA, "The ID token names no Entra object id (oid)", null));
		}
		return errors.isEmpty() ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(errors);
	}

}
