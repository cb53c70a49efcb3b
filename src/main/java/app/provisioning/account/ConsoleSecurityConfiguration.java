package app.provisioning.account;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The administration pages under /admin: signed in with an admin key, a session in an
 * encrypted cookie, CSRF tokens on every form (double-submit cookie, so no server session),
 * and headers that keep the pages out of frames and scripts from elsewhere.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

	@Bean
	@Order(2)
	SecurityFilterChain consoleSecurity(HttpSecurity http, ConsoleSessions sessions) throws Exception {
		CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
		csrfTokens.setCookiePath("/admin");
		csrfTokens.setCookieCustomizer((cookie) -> cookie.sameSite("Strict"));
		http.securityMatcher("/admin", "/admin/**")
			// Every request is authenticated afresh from the cookie; rotating the CSRF token on each of
			// them would break the forms already on screen.
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens)
				.sessionAuthenticationStrategy((authentication, request, response) -> {
				}))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable())
			.logout((logout) -> logout.disable())
			.addFilterBefore(new ConsoleSessionFilter(sessions), AnonymousAuthenticationFilter.class)
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives("default-src 'self'; img-src 'self' data:;"
						+ " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"))
				.frameOptions((frames) -> frames.deny())
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/admin/login")))
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/admin/login", "/admin/assets/**")
				.permitAll()
				.anyRequest()
				.hasAuthority(AdminKeyAuthenticationProvider.ADMIN));
		return http.build();
	}

}
