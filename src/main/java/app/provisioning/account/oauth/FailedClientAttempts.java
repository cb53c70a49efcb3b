package app.provisioning.account.oauth;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

import org.springframework.stereotype.Component;

/**
 * Slows down secret guessing at the token endpoint: after ten failed attempts within a minute
 * for one client ID, or fifty from one address (a proxy may front several customers), further
 * attempts are refused with 429 until the bucket refills. Successful requests cost nothing.
 */
@Component
class FailedClientAttempts {

	private static final int FAILURES_PER_CLIENT_PER_MINUTE = 10;

	private static final int FAILURES_PER_ADDRESS_PER_MINUTE = 50;

	/** Bounds memory under a flood of made-up client IDs; a reset only forgets counts. */
	private static final int MAX_TRACKED = 100_000;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	Optional<Duration> blockedFor(String clientId, String remoteAddress) {
		Duration longest = Duration.ZERO;
		for (String key : keys(clientId, remoteAddress)) {
			Bucket bucket = this.buckets.get(key);
			if (bucket != null && bucket.getAvailableTokens() <= 0) {
				Duration wait = Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
				longest = (wait.compareTo(longest) > 0) ? wait : longest;
			}
		}
		return longest.isZero() ? Optional.empty() : Optional.of(longest.plusSeconds(1));
	}

	void record(String clientId, String remoteAddress) {
		if (this.buckets.size() > MAX_TRACKED) {
			this.buckets.clear();
		}
		this.buckets.computeIfAbsent(keys(clientId, remoteAddress)[0], (k) -> newBucket(FAILURES_PER_CLIENT_PER_MINUTE))
			.tryConsume(1);
		this.buckets.computeIfAbsent(keys(clientId, remoteAddress)[1], (k) -> newBucket(FAILURES_PER_ADDRESS_PER_MINUTE))
			.tryConsume(1);
	}

	private static String[] keys(String clientId, String remoteAddress) {
		return new String[] { "client:" + clientId, "address:" + remoteAddress };
	}

	private static Bucket newBucket(int perMinute) {
		return Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
			.build();
	}

}
