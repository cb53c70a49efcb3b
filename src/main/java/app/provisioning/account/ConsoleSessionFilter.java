package app.provisioning.account;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates an administration-page request from its session cookie. */
class ConsoleSessionFilter extends OncePerRequestFilter {

	private final ConsoleSessions sessions;

	ConsoleSessionFilter(ConsoleSessions sessions) {
		this.sessions = sessions;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (ConsoleSessions.COOKIE.equals(cookie.getName())) {
					this.sessions.authenticate(cookie.getValue()).ifPresent((authentication) -> {
						var context = SecurityContextHolder.createEmptyContext();
						context.setAuthentication(authentication);
						SecurityContextHolder.setContext(context);
					});
				}
			}
		}
		chain.doFilter(request, response);
	}

}
