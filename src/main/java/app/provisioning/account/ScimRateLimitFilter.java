package app.provisioning.account;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import app.provisioning.platform.DatabaseOutage;
import app.provisioning.scim.errors.ScimAuthenticationEntryPoint;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-account request-rate limit on the SCIM API. Over the limit → 429 with Retry-After,
 * which Entra backs off on; never a 5xx or a dropped connection. The default sits far
 * above Entra's documented 25 requests/s per tenant, because an endpoint that keeps
 * failing is put into quarantine by Entra. The budget is shared by every instance
 * ({@link SharedRateBuckets}); while the database cannot be reached the request goes on,
 * and meets the database outage's own {@code 503} if it needs the database.
 */
class ScimRateLimitFilter extends OncePerRequestFilter {

	private final RateLimitProperties properties;

	private final ScimAuthenticationEntryPoint errors;

	private final MeterRegistry metrics;

	private static final Duration UNREACHABLE_PAUSE = Duration.ofSeconds(5);

	private final SharedRateBuckets buckets;

	private volatile long unreachableUntil = System.nanoTime();

	ScimRateLimitFilter(RateLimitProperties properties, SharedRateBuckets buckets, ScimAuthenticationEntryPoint errors,
			MeterRegistry metrics) {
		this.properties = properties;
		this.buckets = buckets;
		this.errors = errors;
		this.metrics = metrics;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof ScimAuthentication scim) {
			ScimCaller caller = scim.caller();
			int limit = (caller.requestsPerSecond() != null) ? caller.requestsPerSecond()
					: this.properties.requestsPerSecond();
			ConsumptionProbe probe = take(caller.accountId(), limit);
			if (probe != null && !probe.isConsumed()) {
				long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
				Counter.builder("scim.rate.limited")
					.description("SCIM requests refused with 429 because the account exceeded its request rate")
					.tag("account", caller.accountId().toString())
					.register(this.metrics)
					.increment();
				this.errors.tooManyRequests(response, seconds, limit);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	/**
	 * The probe, or null while the shared buckets cannot be reached: then the request is
	 * not limited, and for a few seconds no request waits for the database here first (it
	 * would only wait again for its own connection).
	 */
	private ConsumptionProbe take(UUID accountId, int limit) {
		if (System.nanoTime() - this.unreachableUntil < 0) {
			return null;
		}
		try {
			return this.buckets.take(accountId, limit);
		}
		catch (RuntimeException ex) {
			if (DatabaseOutage.isCause(ex)) {
				this.unreachableUntil = System.nanoTime() + UNREACHABLE_PAUSE.toNanos();
				return null;
			}
			throw ex;
		}
	}

}
