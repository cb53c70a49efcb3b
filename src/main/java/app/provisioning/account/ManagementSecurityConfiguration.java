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
 * Actuator under /actuator: the health probes are open to anyone (an orchestrator's
 * health check carries no credential, and they show a status only), the Prometheus scrape
 * needs an admin key, and every other endpoint stays closed.
 */
@Configuration(proxyBeanMethods = false)
class ManagementSecurityConfiguration {

	static final String PROMETHEUS = "/actuator/prometheus";

	@Bean
	@Order(4)
	SecurityFilterChain managementSecurity(HttpSecurity http, AdminKeyRepository keys, TransactionTemplate transactions,
			Clock clock, AdminProblemEntryPoint entryPoint) throws Exception {
		AuthenticationManager adminAuthentication = new ProviderManager(
				new AdminKeyAuthenticationProvider(keys, transactions, clock));
		StatelessApiSecurity.apply(http)
			.securityMatcher("/actuator", "/actuator/**")
			.oauth2ResourceServer(
					(resourceServer) -> resourceServer.authenticationManagerResolver((request) -> adminAuthentication)
						.authenticationEntryPoint(entryPoint)
						.withObjectPostProcessor(StatelessApiSecurity.failuresAnsweredBy(entryPoint)))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint))
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")
				.permitAll()
				.requestMatchers(PROMETHEUS)
				.hasAuthority(AdminKeyAuthenticationProvider.ADMIN)
				.anyRequest()
				.denyAll());
		return http.build();
	}

}
