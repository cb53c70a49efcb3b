package app.provisioning.account;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import app.provisioning.scim.web.ScimAuthenticationEntryPoint;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-account request-rate limit on the SCIM API. Over the limit → 429 with Retry-After,
 * which Entra backs off on; never a 5xx or a dropped connection. The default sits far
 * above Entra's documented 25 requests/s per tenant, because an endpoint that keeps
 * failing is put into quarantine by Entra. Buckets are per server instance.
 */
class ScimRateLimitFilter extends OncePerRequestFilter {

	private final RateLimitProperties properties;

	private final ScimAuthenticationEntryPoint errors;

	private final MeterRegistry metrics;

	private final Map<UUID, LimitedBucket> buckets = new ConcurrentHashMap<>();

	ScimRateLimitFilter(RateLimitProperties properties, ScimAuthenticationEntryPoint errors, MeterRegistry metrics) {
		this.properties = properties;
		this.errors = errors;
		this.metrics = metrics;
	}

	private record LimitedBucket(int requestsPerSecond, Bucket bucket) {
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof ScimAuthentication scim) {
			ScimCaller caller = scim.caller();
			int limit = (caller.requestsPerSecond() != null) ? caller.requestsPerSecond()
					: this.properties.requestsPerSecond();
			ConsumptionProbe probe = bucket(caller.accountId(), limit).tryConsumeAndReturnRemaining(1);
			if (!probe.isConsumed()) {
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

	private Bucket bucket(UUID accountId, int requestsPerSecond) {
		LimitedBucket current = this.buckets.get(accountId);
		if (current == null || current.requestsPerSecond() != requestsPerSecond) {
			current = new LimitedBucket(requestsPerSecond, newBucket(requestsPerSecond));
			this.buckets.put(accountId, current);
		}
		return current.bucket();
	}

	private Bucket newBucket(int requestsPerSecond) {
		long burst = (long) requestsPerSecond * this.properties.burstSeconds();
		return Bucket.builder()
			.addLimit(
					Bandwidth.builder().capacity(burst).refillGreedy(requestsPerSecond, Duration.ofSeconds(1)).build())
			.build();
	}

}
