package app.provisioning.account;

import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;

/**
 * What every API surface here shares: no sessions, no cookies, no login forms, so no CSRF
 * exposure; each request carries its own credential.
 */
public final class StatelessApiSecurity {

	private StatelessApiSecurity() {
	}

	/**
	 * Lets the entry point answer a failed credential check (an
	 * {@link org.springframework.security.authentication.AuthenticationServiceException},
	 * e.g. the database is down) instead of the filter rethrowing it into a 500; the
	 * entry points turn it into 503 with Retry-After.
	 */
	public static ObjectPostProcessor<BearerTokenAuthenticationFilter> failuresAnsweredBy(
			AuthenticationEntryPoint entryPoint) {
		return new ObjectPostProcessor<>() {
			@Override
			public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
				AuthenticationEntryPointFailureHandler failures = new AuthenticationEntryPointFailureHandler(
						entryPoint);
				failures.setRethrowAuthenticationServiceException(false);
				filter.setAuthenticationFailureHandler(failures);
				return filter;
			}
		};
	}

	public static HttpSecurity apply(HttpSecurity http) throws Exception {
		return http.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable())
			.logout((logout) -> logout.disable());
	}

}
