package app.provisioning.account;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.audit.AuditTrail;
import app.provisioning.platform.SecretCipher;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Sign-in to the administration pages with Microsoft (OpenID Connect authorization code
 * flow with PKCE, against Entra's multi-tenant endpoint). A person who signs in is let in
 * when they are a member of an account whose Entra tenant is theirs; everyone else is
 * told why not.
 */
@Component
public class MicrosoftSignIn {

	static final String REGISTRATION = "microsoft";

	/** Where the sign-in page's "Sign in with Microsoft" link points. */
	public static final String START = "/admin/login/oauth2/authorization/" + REGISTRATION;

	private static final Logger log = LoggerFactory.getLogger(MicrosoftSignIn.class);

	private static final Duration TOKEN_TIMEOUT = Duration.ofSeconds(10);

	private final MicrosoftSignInProperties properties;

	private final AccountMembers members;

	private final ConsoleSessions sessions;

	private final SecretCipher cipher;

	private final AuditTrail audit;

	private final AccountSignInRules rules;

	MicrosoftSignIn(MicrosoftSignInProperties properties, AccountMembers members, ConsoleSessions sessions,
			SecretCipher cipher, AuditTrail audit, AccountSignInRules rules) {
		this.audit = audit;
		this.rules = rules;
		this.properties = properties;
		this.members = members;
		this.sessions = sessions;
		this.cipher = cipher;
	}

	public boolean enabled() {
		return this.properties.enabled();
	}

	/**
	 * Adds the sign-in to the administration pages' security, when an app registration is
	 * configured.
	 */
	void apply(HttpSecurity http) throws Exception {
		if (!enabled()) {
			return;
		}
		ClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration());
		DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
				registrations, "/admin/login/oauth2/authorization");
		resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		http.oauth2Login((login) -> login.loginPage("/admin/login")
			.clientRegistrationRepository(registrations)
			.authorizedClientRepository(new NothingKept())
			.authorizationEndpoint((endpoint) -> endpoint.authorizationRequestResolver(resolver)
				.authorizationRequestRepository(new SignInRequestCookie(this.cipher)))
			.redirectionEndpoint((endpoint) -> endpoint.baseUri("/admin/login/oauth2/code/*"))
			.tokenEndpoint((endpoint) -> endpoint.accessTokenResponseClient(tokenClient()))
			.successHandler(this::signedIn)
			.failureHandler(this::refused));
	}

	private ClientRegistration registration() {
		return ClientRegistration.withRegistrationId(REGISTRATION)
			.clientId(this.properties.clientId())
			.clientSecret(this.properties.clientSecret())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(this.properties.redirectUri())
			.scope("openid", "profile")
			.authorizationUri(this.properties.authorizationUri())
			.tokenUri(this.properties.tokenUri())
			.jwkSetUri(this.properties.jwkSetUri())
			.userNameAttributeName(IdTokenClaimNames.SUB)
			.clientName("Microsoft")
			.build();
	}

	private static RestClientAuthorizationCodeTokenResponseClient tokenClient() {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(TOKEN_TIMEOUT);
		requests.setReadTimeout(TOKEN_TIMEOUT);
		RestClientAuthorizationCodeTokenResponseClient client = new RestClientAuthorizationCodeTokenResponseClient();
		client.setRestClient(RestClient.builder()
			.requestFactory(requests)
			.configureMessageConverters((converters) -> converters.addCustomConverter(new FormHttpMessageConverter())
				.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
			.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
			.build());
		return client;
	}

	private void signedIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		OidcUser user = (OidcUser) authentication.getPrincipal();
		SignedInPerson person = new SignedInPerson(user.getClaimAsString("tid").toLowerCase(Locale.ROOT),
				UUID.fromString(user.getClaimAsString("oid")), user.getPreferredUsername(), user.getFullName());
		List<UUID> rules = this.rules.matching(person.tenantId(), claim(user, "roles"), claim(user, "groups"));
		if (this.members.signIn(person) == 0 && rules.isEmpty()) {
			log.info("Sign-in with Microsoft refused: {} (object id {}, tenant {}) is not a member of any account",
					person.userPrincipalName(), person.objectId(), person.tenantId());
			response.sendRedirect(request.getContextPath() + "/admin/login?refused=not-a-member");
			return;
		}
		log.info("Signed in with Microsoft: {} (object id {}, tenant {})", person.userPrincipalName(),
				person.objectId(), person.tenantId());
		this.members.access(person.tenantId(), person.objectId(), rules, Instant.now()).ifPresent((access) -> {
			AuditTrail.Actor actor = new AuditTrail.Actor(access.actor(), request.getRemoteAddr(),
					request.getHeader("User-Agent"));
			access.accounts()
				.forEach((accountId) -> this.audit.record(accountId, actor, "SIGN-IN with Microsoft", "/admin/login",
						200, null, Map.of("userPrincipalName", String.valueOf(person.userPrincipalName()), "objectId",
								person.objectId().toString(), "role", access.roles().get(accountId).value())));
		});
		response.addHeader("Set-Cookie", this.sessions.cookie(this.sessions.signIn(person, rules), request).toString());
		response.sendRedirect(request.getContextPath() + "/admin");
	}

	private static List<String> claim(OidcUser user, String name) {
		List<String> values = user.getClaimAsStringList(name);
		return (values != null) ? values : List.of();
	}

	private void refused(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		String reason = SignInRefusal.of(failure);
		String detail = (failure instanceof OAuth2AuthenticationException oauth)
				? oauth.getError().getErrorCode() + ": " + oauth.getError().getDescription() : failure.getMessage();
		log.info("Sign-in with Microsoft refused ({}): {}", reason, detail);
		response.sendRedirect(request.getContextPath() + "/admin/login?refused=" + reason);
	}

	/** Sign-in needs no access token kept: the session is this server's own cookie. */
	private static final class NothingKept implements OAuth2AuthorizedClientRepository {

		@Override
		public <T extends org.springframework.security.oauth2.client.OAuth2AuthorizedClient> T loadAuthorizedClient(
				String clientRegistrationId, Authentication principal, HttpServletRequest request) {
			return null;
		}

		@Override
		public void saveAuthorizedClient(
				org.springframework.security.oauth2.client.OAuth2AuthorizedClient authorizedClient,
				Authentication principal, HttpServletRequest request, HttpServletResponse response) {
		}

		@Override
		public void removeAuthorizedClient(String clientRegistrationId, Authentication principal,
				HttpServletRequest request, HttpServletResponse response) {
		}

	}

}
