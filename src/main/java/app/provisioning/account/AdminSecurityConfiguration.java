package app.provisioning.account;

import java.time.Clock;

import app.provisioning.account.web.AdminProblemEntryPoint;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The administration API under /api: the operator's admin keys and the accounts' own API
 * keys, never a SCIM credential, and no SCIM credential is either. Which routes a key may
 * call is {@link AccountRoutes}'s decision. Everything else on the server is closed.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfiguration {

	@Bean
	@Order(3)
	SecurityFilterChain adminSecurity(HttpSecurity http, AdminKeyRepository keys, AccountApiKeyRepository accountKeys,
			TransactionTemplate transactions, Clock clock, AdminProblemEntryPoint entryPoint) throws Exception {
		AuthenticationManager adminAuthentication = new ProviderManager(
				new AdminKeyAuthenticationProvider(keys, transactions, clock),
				new AccountKeyAuthenticationProvider(accountKeys, transactions, clock));
		StatelessApiSecurity.apply(http)
			.securityMatcher("/api/**")
			.oauth2ResourceServer(
					(resourceServer) -> resourceServer.authenticationManagerResolver((request) -> adminAuthentication)
						.authenticationEntryPoint(entryPoint)
						.withObjectPostProcessor(StatelessApiSecurity.failuresAnsweredBy(entryPoint)))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(new AdminProblemAccessDenied()))
			.authorizeHttpRequests((requests) -> requests.anyRequest().access(AccountRouteAuthorization.api()));
		return http.build();
	}

	@Bean
	@Order(10)
	SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
		StatelessApiSecurity.apply(http)
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/", "/error").permitAll().anyRequest().denyAll());
		return http.build();
	}

}
