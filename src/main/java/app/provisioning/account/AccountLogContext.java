package app.provisioning.account;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the SCIM caller's account id in the log context next to the request id, so that
 * every log line of a request says whose request it was (a field of its own in JSON
 * logs).
 */
class AccountLogContext extends OncePerRequestFilter {

	/** The log-context key. */
	static final String MDC_KEY = "accountId";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof ScimAuthentication scim)) {
			chain.doFilter(request, response);
			return;
		}
		MDC.put(MDC_KEY, scim.caller().accountId().toString());
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_KEY);
		}
	}

}
