package app.provisioning.platform;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} or
 * {@code client-request-id} when it is a plain token, else a new one. It is echoed in the
 * {@code X-Request-Id} answer header, put in the log context, and written on the sync-log
 * entries the request causes, so an entry can be traced to the exact request (e.g. one
 * shown by "Provision on demand").
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds extends OncePerRequestFilter {

	public static final String HEADER = "X-Request-Id";

	/** The log-context key, also read by the sync log. */
	public static final String MDC_KEY = "requestId";

	private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = plain(request.getHeader(HEADER));
		if (id == null) {
			id = plain(request.getHeader("client-request-id"));
		}
		if (id == null) {
			id = UUID.randomUUID().toString();
		}
		response.setHeader(HEADER, id);
		MDC.put(MDC_KEY, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_KEY);
		}
	}

	/** The id of the request being served on this thread, or null outside a request. */
	public static String current() {
		return MDC.get(MDC_KEY);
	}

	/**
	 * Makes {@code id} (or none, for null) the current request id of this thread: for
	 * work done on another request's behalf.
	 */
	public static void use(String id) {
		if (id == null) {
			MDC.remove(MDC_KEY);
		}
		else {
			MDC.put(MDC_KEY, id);
		}
	}

	private static String plain(String value) {
		return (value != null && PLAIN.matcher(value.trim()).matches()) ? value.trim() : null;
	}

}
