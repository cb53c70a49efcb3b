package app.provisioning.account;

import app.provisioning.platform.DatabaseOutageMetrics;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The administration pages under /admin: signed in with an admin key (the operator) or
 * with Microsoft (an account's members, limited by {@link AccountRoutes}), a session in
 * an encrypted cookie, CSRF tokens on every form (double-submit cookie, so no server
 * session), and headers that keep the pages out of frames and scripts from elsewhere.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

	private static final String CSP = "Content-Security-Policy";

	private static final String POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
			+ " form-action 'self'; frame-ancestors 'none'";

	/**
	 * Swagger UI sets style attributes on the elements it renders; its page alone allows
	 * inline styles. Scripts, requests ("Try it out") and everything else stay limited to
	 * this server.
	 */
	private static final String API_DOCS_POLICY = POLICY + "; style-src 'self' 'unsafe-inline'";

	private static final RequestMatcher API_DOCS_PAGE = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.GET, "/admin/api-docs");

	@Bean
	@Order(2)
	SecurityFilterChain consoleSecurity(HttpSecurity http, ConsoleSessions sessions, MicrosoftSignIn microsoft,
			DatabaseOutageMetrics outages) throws Exception {
		microsoft.apply(http);
		CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
		csrfTokens.setCookiePath("/admin");
		csrfTokens.setCookieCustomizer((cookie) -> cookie.sameSite("Strict"));
		http.securityMatcher("/admin", "/admin/**")
			// Every request is authenticated afresh from the cookie; rotating the CSRF
			// token on each of
			// them would break the forms already on screen.
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens)
				.sessionAuthenticationStrategy((authentication, request, response) -> {
				}))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.httpBasic((basic) -> basic.disable())
			.logout((logout) -> logout.disable())
			.addFilterBefore(new ConsoleSessionFilter(sessions, outages), AnonymousAuthenticationFilter.class)
			.headers((headers) -> headers
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(API_DOCS_PAGE,
						new StaticHeadersWriter(CSP, API_DOCS_POLICY)))
				.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(API_DOCS_PAGE),
						new StaticHeadersWriter(CSP, POLICY)))
				.frameOptions((frames) -> frames.deny())
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/admin/login"))
				.accessDeniedHandler(new ConsoleAccessDenied()))
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/admin/login", "/admin/login/**", "/admin/assets/**")
						.permitAll()
						.anyRequest()
						.access(AccountRouteAuthorization.console()));
		return http.build();
	}

}
