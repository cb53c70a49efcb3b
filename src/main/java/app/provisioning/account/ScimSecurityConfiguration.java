package app.provisioning.account;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import app.provisioning.account.oauth.OAuthClients;
import app.provisioning.account.oauth.OAuthProperties;
import app.provisioning.account.oauth.OwnAccessTokenAuthenticationProvider;
import app.provisioning.account.oauth.SigningKeys;
import app.provisioning.scim.errors.ScimAuthenticationEntryPoint;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestTemplate;

/**
 * The SCIM surface: stateless bearer authentication through Spring Security's OAuth2
 * resource server, accepting an account's secret tokens, access tokens from our own token
 * endpoint and Entra-issued JWTs side by side. The account always comes from the
 * credential. Errors are SCIM-shaped.
 */
@Configuration(proxyBeanMethods = false)
class ScimSecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain scimSecurity(HttpSecurity http, ScimAuthenticationEntryPoint entryPoint,
			ScimCredentialRepository credentials, AccountRepository accounts, TransactionTemplate transactions,
			Clock clock, JwtDecoder entraJwtDecoder, RateLimitProperties rateLimits,
			OwnAccessTokenAuthenticationProvider ownAccessTokens, OAuthProperties oauth, KnownTokens knownTokens,
			MeterRegistry metrics, ScimTraffic traffic, SharedRateBuckets rateBuckets) throws Exception {
		AuthenticationManager scimAuthentication = new ProviderManager(
				new SecretTokenAuthenticationProvider(credentials, accounts, transactions, clock, knownTokens),
				ownAccessTokens, new EntraJwtAuthenticationProvider(entraJwtDecoder, accounts, oauth.issuer()));
		StatelessApiSecurity.apply(http)
			.securityMatcher("/scim/**")
			.oauth2ResourceServer(
					(resourceServer) -> resourceServer.authenticationManagerResolver((request) -> scimAuthentication)
						.authenticationEntryPoint(entryPoint)
						.accessDeniedHandler(entryPoint::accessDenied)
						.withObjectPostProcessor(StatelessApiSecurity.failuresAnsweredBy(entryPoint)))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(entryPoint::accessDenied))
			.addFilterAfter(new AccountLogContext(), BearerTokenAuthenticationFilter.class)
			// Counted before the rate limit, so that its 429s show as an outcome too.
			.addFilterAfter(new ScimOperationMetrics(metrics, traffic), AccountLogContext.class)
			.addFilterAfter(new ScimRateLimitFilter(rateLimits, rateBuckets, entryPoint, metrics),
					ScimOperationMetrics.class)
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority(ScimAuthentication.SCIM_CLIENT));
		return http.build();
	}

	@Bean
	OwnAccessTokenAuthenticationProvider ownAccessTokens(SigningKeys keys, OAuthProperties properties,
			OAuthClients clients, AccountRepository accounts) {
		return new OwnAccessTokenAuthenticationProvider(keys, properties, clients, accounts);
	}

	/**
	 * Entra's signing keys, fetched with timeouts so a slow key endpoint cannot hang
	 * requests.
	 */
	@Bean
	JwtDecoder entraJwtDecoder(EntraTokenProperties properties) {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(properties.timeout());
		requests.setReadTimeout(properties.timeout());
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri().toString())
			.restOperations(new RestTemplate(requests))
			.build();
		decoder.setJwtValidator(EntraJwtValidators.of(properties));
		return decoder;
	}

}
