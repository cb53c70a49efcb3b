package app.provisioning.account;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

import org.springframework.stereotype.Component;

/**
 * Each account's SCIM request budget, one token bucket for the whole cluster, kept in
 * PostgreSQL ({@code scim_rate_bucket}) by Bucket4j: an account's limit is the same with
 * one instance or five.
 * <p>
 * A request does not go to the database for its token: each instance spends from its own
 * copy of the bucket and settles with the shared one after a twentieth of a second's
 * worth of requests, or after a second, whichever comes first. So a busy account costs
 * one round trip per twenty requests at its limit, and one instance can run ahead of the
 * others by at most that twentieth before the shared bucket catches it up (it then goes
 * below zero and the next requests wait for it to refill).
 */
@Component
class SharedRateBuckets {

	private static final Duration MAX_UNSETTLED_TIME = Duration.ofSeconds(1);

	private static final PrimaryKeyMapper<UUID> UUID_KEY = (statement, index, id) -> statement.setObject(index, id);

	private final ProxyManager<UUID> buckets;

	private final RateLimitProperties properties;

	// An account idle for ten minutes loses its copy here, with at most a twentieth of a
	// second's worth of requests not yet settled.
	private final Cache<UUID, Limited> local = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	private record Limited(int requestsPerSecond, BucketProxy bucket) {
	}

	SharedRateBuckets(DataSource dataSource, RateLimitProperties properties) {
		this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
			.primaryKeyMapper(UUID_KEY)
			.table("scim_rate_bucket")
			.idColumn("account_id")
			.stateColumn("state")
			.build();
		this.properties = properties;
	}

	/**
	 * Takes one request's token from the account's bucket at this limit; the probe says
	 * whether it was there and, if not, how long until it is.
	 */
	ConsumptionProbe take(UUID accountId, int requestsPerSecond) {
		return bucket(accountId, requestsPerSecond).tryConsumeAndReturnRemaining(1);
	}

	private BucketProxy bucket(UUID accountId, int requestsPerSecond) {
		Limited current = this.local.getIfPresent(accountId);
		if (current != null && current.requestsPerSecond() == requestsPerSecond) {
			return current.bucket();
		}
		BucketConfiguration configuration = configuration(requestsPerSecond);
		BucketProxy bucket = this.buckets.builder()
			.withOptimization(
					Optimizations.delaying(new DelayParameters(unsettled(requestsPerSecond), MAX_UNSETTLED_TIME)))
			.build(accountId, configuration);
		// The stored bucket may still have a limit the account no longer has (changed
		// while no instance used it): it takes this one, keeping the tokens it has. One
		// round trip when an instance starts using an account or sees its limit change.
		bucket.replaceConfiguration(configuration, TokensInheritanceStrategy.AS_IS);
		this.local.put(accountId, new Limited(requestsPerSecond, bucket));
		return bucket;
	}

	private BucketConfiguration configuration(int requestsPerSecond) {
		long burst = (long) requestsPerSecond * this.properties.burstSeconds();
		return BucketConfiguration.builder()
			.addLimit(
					Bandwidth.builder().capacity(burst).refillGreedy(requestsPerSecond, Duration.ofSeconds(1)).build())
			.build();
	}

	private static long unsettled(int requestsPerSecond) {
		return Math.max(1, requestsPerSecond / 20);
	}

}
