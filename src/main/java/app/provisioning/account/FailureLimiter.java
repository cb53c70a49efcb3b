package app.provisioning.account;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * Counts failed attempts per key (a client ID, an address) and tells when a key has used
 * up its allowance: after {@code perMinute} failures in a minute the key is blocked, and
 * one more attempt becomes possible each {@code 60 / perMinute} seconds. Successes are
 * never counted. The counts live in this instance's memory, which is enough to make
 * guessing hopeless.
 */
public final class FailureLimiter {

	/**
	 * Bounds memory under a flood of made-up keys. The cache keeps the keys that fail
	 * often, so such a flood cannot wipe the count of the key being guessed; a key quiet
	 * for ten minutes has its full allowance back anyway.
	 */
	private static final int MAX_TRACKED = 100_000;

	private final int perMinute;

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.maximumSize(MAX_TRACKED)
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	public FailureLimiter(int perMinute) {
		this.perMinute = perMinute;
	}

	/** How long the key must wait before its next attempt, if it is blocked. */
	public Optional<Duration> blockedFor(String key) {
		Bucket bucket = this.buckets.getIfPresent(key);
		if (bucket == null || bucket.getAvailableTokens() > 0) {
			return Optional.empty();
		}
		// Rounded up, so that a client retrying after the announced wait is let in.
		return Optional
			.of(Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill()).plusSeconds(1));
	}

	public void recordFailure(String key) {
		this.buckets.get(key, (k) -> newBucket()).tryConsume(1);
	}

	private Bucket newBucket() {
		return Bucket.builder()
			.addLimit(Bandwidth.builder()
				.capacity(this.perMinute)
				.refillGreedy(this.perMinute, Duration.ofMinutes(1))
				.build())
			.build();
	}

}
