package app.provisioning.account;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;

/**
 * What every API surface here shares: no sessions, no cookies, no login forms, so no CSRF
 * exposure; each request carries its own credential.
 */
public final class StatelessApiSecurity {

	private StatelessApiSecurity() {
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
