package app.provisioning.account;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.provisioning.platform.DatabaseOutage;
import app.provisioning.platform.DatabaseOutageMetrics;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates an administration-page request from its session cookie. */
class ConsoleSessionFilter extends OncePerRequestFilter {

	private final ConsoleSessions sessions;

	private final DatabaseOutageMetrics outages;

	ConsoleSessionFilter(ConsoleSessions sessions, DatabaseOutageMetrics outages) {
		this.sessions = sessions;
		this.outages = outages;
	}

	/**
	 * Stylesheets and scripts are public: the sign-in and outage pages need them without
	 * a session check.
	 */
	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getRequestURI().startsWith(request.getContextPath() + "/admin/assets/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (ConsoleSessions.COOKIE.equals(cookie.getName())) {
					try {
						this.sessions.authenticate(cookie.getValue()).ifPresent((session) -> {
							var context = SecurityContextHolder.createEmptyContext();
							context.setAuthentication(session.authentication());
							SecurityContextHolder.setContext(context);
							session.touched()
								.ifPresent((value) -> response.addHeader("Set-Cookie",
										this.sessions.cookie(value, request).toString()));
						});
					}
					catch (RuntimeException ex) {
						if (!DatabaseOutage.isCause(ex)) {
							throw ex;
						}
						// Checking the session's admin key needs the database; without it
						// the administrator would be sent to sign in again, which cannot
						// work either.
						ConsoleOutagePage.write(request, response, this.outages);
						return;
					}
				}
			}
		}
		chain.doFilter(request, response);
	}

}
