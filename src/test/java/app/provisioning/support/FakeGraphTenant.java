package app.provisioning.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * One Entra tenant of the fake: its users (active and deleted), groups and app
 * registrations, plus the faults a test asks for (throttling, outages) and a count of the
 * requests it received. Tenants are isolated: a token only ever reads the tenant that
 * issued it.
 */
public final class FakeGraphTenant {

	private final String id;

	/**
	 * Insertion order; paging walks these maps by position, so it needs no server-side
	 * state.
	 */
	private final AtomicLong positions = new AtomicLong();

	private final NavigableMap<Long, FakeGraphUser> users = new ConcurrentSkipListMap<>();

	private final NavigableMap<Long, FakeGraphUser> deleted = new ConcurrentSkipListMap<>();

	private final Map<String, FakeGraphUser> usersById = new ConcurrentHashMap<>();

	private final Map<String, FakeGraphUser> usersByUpn = new ConcurrentHashMap<>();

	private final NavigableMap<Long, FakeGraphGroup> groups = new ConcurrentSkipListMap<>();

	private final Map<String, FakeGraphGroup> groupsById = new ConcurrentHashMap<>();

	private final Map<String, FakeGraphApp> apps = new ConcurrentHashMap<>();

	private final List<Fault> faults = new CopyOnWriteArrayList<>();

	private final Set<String> down = ConcurrentHashMap.newKeySet();

	private final Map<String, Duration> slow = new ConcurrentHashMap<>();

	private final AtomicInteger slowInFlight = new AtomicInteger();

	private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

	/**
	 * Users' latest changes in the order they happened, for delta queries: sequence →
	 * change.
	 */
	private final NavigableMap<Long, Change> changes = new ConcurrentSkipListMap<>();

	private final Map<String, Long> latestChange = new ConcurrentHashMap<>();

	private final AtomicLong changeSequence = new AtomicLong();

	/**
	 * Delta tokens up to this sequence are refused as expired (Graph forgets old sync
	 * states).
	 */
	private volatile long expiredBefore;

	/**
	 * What a delta query reports about a user: changed (with its properties) or removed,
	 * and why.
	 */
	record Change(FakeGraphUser user, String removedReason) {
	}

	FakeGraphTenant(String id) {
		this.id = id;
	}

	/** The tenant ID (a GUID). */
	public String id() {
		return this.id;
	}

	// ---- app registrations

	/**
	 * A new app registration with its enterprise app, granted these application
	 * permissions.
	 */
	public FakeGraphApp newApp(Collection<String> permissions) {
		FakeGraphApp app = new FakeGraphApp(this, permissions);
		this.apps.put(app.clientId(), app);
		return app;
	}

	public FakeGraphApp newApp(String... permissions) {
		return newApp(List.of(permissions));
	}

	/** Deletes the app registration: its client ID no longer signs in. */
	public void remove(FakeGraphApp app) {
		this.apps.remove(app.clientId());
	}

	// ---- users

	public synchronized FakeGraphUser addUser(String userPrincipalName) {
		String key = key(userPrincipalName);
		if (this.usersByUpn.containsKey(key)) {
			throw new IllegalArgumentException("Another user already has the UPN " + userPrincipalName);
		}
		FakeGraphUser user = new FakeGraphUser(this, UUID.randomUUID().toString(), this.positions.incrementAndGet(),
				userPrincipalName);
		this.users.put(user.position(), user);
		this.usersById.put(user.id(), user);
		this.usersByUpn.put(key, user);
		changed(user, null);
		return user;
	}

	/**
	 * Many users at once, e.g. {@code addUsers(20_000, i -> "user" + i + "@contoso.com")}
	 * (i from 0).
	 */
	public synchronized List<FakeGraphUser> addUsers(int count, IntFunction<String> userPrincipalName) {
		List<FakeGraphUser> added = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			added.add(addUser(userPrincipalName.apply(i)));
		}
		return added;
	}

	/** An active user by object ID or UPN. */
	public Optional<FakeGraphUser> user(String idOrUserPrincipalName) {
		FakeGraphUser user = this.usersById.get(idOrUserPrincipalName);
		if (user == null) {
			user = this.usersByUpn.get(key(idOrUserPrincipalName));
		}
		return Optional.ofNullable(user).filter((found) -> !found.deleted());
	}

	/** A deleted (not yet purged) user by object ID. */
	public Optional<FakeGraphUser> deletedUser(String id) {
		return Optional.ofNullable(this.usersById.get(id)).filter(FakeGraphUser::deleted);
	}

	public int userCount() {
		return this.users.size();
	}

	public int deletedUserCount() {
		return this.deleted.size();
	}

	/**
	 * Soft delete, as Entra does: the user moves to deleted items for 30 days, renamed.
	 */
	public synchronized void delete(FakeGraphUser user) {
		owned(user);
		if (user.deleted()) {
			return;
		}
		this.users.remove(user.position());
		this.usersByUpn.remove(key(user.userPrincipalName()));
		user.deletedAt(Instant.now());
		this.deleted.put(user.position(), user);
		changed(user, "changed");
	}

	/** Brings a deleted user back, with its UPN (which must still be free). */
	public synchronized void restore(FakeGraphUser user) {
		owned(user);
		if (!user.deleted()) {
			return;
		}
		String key = key(user.userPrincipalName());
		if (this.usersByUpn.containsKey(key)) {
			throw new IllegalStateException("Another user has taken the UPN " + user.userPrincipalName());
		}
		this.deleted.remove(user.position());
		user.deletedAt(null);
		this.users.put(user.position(), user);
		this.usersByUpn.put(key, user);
		changed(user, null);
	}

	/** Permanent deletion: the user is gone from users and deleted items alike. */
	public synchronized void purge(FakeGraphUser user) {
		owned(user);
		this.users.remove(user.position());
		this.deleted.remove(user.position());
		this.usersById.remove(user.id());
		if (!user.deleted()) {
			this.usersByUpn.remove(key(user.userPrincipalName()));
		}
		changed(user, "deleted");
	}

	/**
	 * Records a user's change for delta queries; only the latest change of each user is
	 * kept.
	 */
	void changed(FakeGraphUser user, String removedReason) {
		long sequence = this.changeSequence.incrementAndGet();
		Long previous = this.latestChange.put(user.id(), sequence);
		if (previous != null) {
			this.changes.remove(previous);
		}
		this.changes.put(sequence, new Change(user, removedReason));
	}

	/**
	 * Makes every delta token issued so far expire, as Graph does with old sync states.
	 */
	public void expireDeltaTokens() {
		this.expiredBefore = this.changeSequence.get() + 1;
	}

	long changeSequence() {
		return this.changeSequence.get();
	}

	boolean deltaTokenExpired(long token) {
		return token < this.expiredBefore;
	}

	NavigableMap<Long, Change> changesAfter(long sequence) {
		return this.changes.tailMap(sequence, false);
	}

	// ---- groups

	public synchronized FakeGraphGroup addGroup(String displayName) {
		FakeGraphGroup group = new FakeGraphGroup(this, UUID.randomUUID().toString(), this.positions.incrementAndGet(),
				displayName);
		this.groups.put(group.position(), group);
		this.groupsById.put(group.id(), group);
		return group;
	}

	public Optional<FakeGraphGroup> group(String id) {
		return Optional.ofNullable(this.groupsById.get(id));
	}

	/** Deletes a group; its ID then answers 404. */
	public synchronized void remove(FakeGraphGroup group) {
		this.groups.remove(group.position());
		this.groupsById.remove(group.id());
	}

	// ---- faults and request counts

	/**
	 * The next {@code times} Graph requests whose path (below {@code /v1.0}) starts with
	 * {@code pathPrefix} answer 429 with {@code Retry-After}; then normal answers resume.
	 */
	public void throttle(String pathPrefix, int times, int retryAfterSeconds) {
		this.faults.add(new Fault(pathPrefix, new AtomicInteger(times), 429, retryAfterSeconds, false));
	}

	/** Like {@link #throttle} with 503 {@code serviceNotAvailable}. */
	public void serviceUnavailable(String pathPrefix, int times, int retryAfterSeconds) {
		this.faults.add(new Fault(pathPrefix, new AtomicInteger(times), 503, retryAfterSeconds, false));
	}

	/**
	 * The next {@code times} follow-up pages (requests with a {@code $skiptoken}) under
	 * the prefix answer 200 with an empty object, as a cut-off answer or a misbehaving
	 * proxy might.
	 */
	public void malformedNextPages(String pathPrefix, int times) {
		this.faults.add(new Fault(pathPrefix, new AtomicInteger(times), 200, 0, true));
	}

	/**
	 * Graph down for this path prefix: every request answers 503 (no Retry-After) until
	 * cleared.
	 */
	public void unavailable(String pathPrefix, boolean unavailable) {
		if (unavailable) {
			this.down.add(pathPrefix);
		}
		else {
			this.down.remove(pathPrefix);
		}
	}

	/**
	 * Graph slow for this path prefix: every request waits this long before its answer,
	 * until cleared ({@code null}). Longer than the server's request timeout, it is a
	 * hung Graph.
	 */
	public void slow(String pathPrefix, Duration delay) {
		if (delay == null) {
			this.slow.remove(pathPrefix);
		}
		else {
			this.slow.put(pathPrefix, delay);
		}
	}

	/** Requests of this tenant being answered slowly right now. */
	public int slowRequestsInFlight() {
		return this.slowInFlight.get();
	}

	/** Clears throttling, slowness and outages. */
	public void clearFaults() {
		this.faults.clear();
		this.down.clear();
		this.slow.clear();
	}

	/**
	 * Requests received for this tenant whose path starts with {@code pathPrefix}: Graph
	 * paths are below {@code /v1.0} (e.g. {@code /users}, {@code /$batch}; sub-requests
	 * of a batch count at their own path too), token requests count as
	 * {@code /oauth2/v2.0/token}.
	 */
	public long requests(String pathPrefix) {
		long total = 0;
		for (Map.Entry<String, LongAdder> entry : this.requests.entrySet()) {
			if (entry.getKey().startsWith(pathPrefix)) {
				total += entry.getValue().sum();
			}
		}
		return total;
	}

	public void resetRequests() {
		this.requests.clear();
	}

	// ---- for the fake's request handling

	NavigableMap<Long, FakeGraphUser> users() {
		return this.users;
	}

	NavigableMap<Long, FakeGraphUser> deletedUsers() {
		return this.deleted;
	}

	NavigableMap<Long, FakeGraphGroup> groups() {
		return this.groups;
	}

	Optional<FakeGraphApp> app(String clientId) {
		return Optional.ofNullable(this.apps.get(clientId));
	}

	Optional<FakeGraphApp> servicePrincipal(String objectId) {
		return this.apps.values().stream().filter((app) -> app.servicePrincipalId().equals(objectId)).findFirst();
	}

	Optional<FakeGraphApp> application(String objectId) {
		return this.apps.values().stream().filter((app) -> app.objectId().equals(objectId)).findFirst();
	}

	boolean exists(FakeGraphUser user) {
		return this.usersById.get(user.id()) == user;
	}

	boolean exists(FakeGraphGroup group) {
		return this.groupsById.get(group.id()) == group;
	}

	void count(String path) {
		this.requests.computeIfAbsent(path, (key) -> new LongAdder()).increment();
	}

	/**
	 * The fault a test asked for on this path, if any (each throttled answer uses one
	 * up).
	 */
	FakeGraphResponse fault(String path, boolean nextPage) {
		for (Map.Entry<String, Duration> slowness : this.slow.entrySet()) {
			if (path.startsWith(slowness.getKey())) {
				this.slowInFlight.incrementAndGet();
				try {
					Thread.sleep(slowness.getValue().toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					this.slowInFlight.decrementAndGet();
				}
			}
		}
		for (String prefix : this.down) {
			if (path.startsWith(prefix)) {
				return FakeGraphResponse.graphError(503, "serviceNotAvailable",
						"Service unavailable, try again later.");
			}
		}
		for (Fault fault : this.faults) {
			if (path.startsWith(fault.prefix()) && (nextPage || !fault.nextPagesOnly())
					&& fault.remaining().getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
				if (fault.status() == 200) {
					return FakeGraphResponse
						.ok(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
				}
				FakeGraphResponse answer = (fault.status() == 429)
						? FakeGraphResponse.graphError(429, "TooManyRequests",
								"Too many requests. Application is over its request quota. Retry after "
										+ fault.retryAfterSeconds() + " seconds.")
						: FakeGraphResponse.graphError(503, "serviceNotAvailable",
								"Service unavailable, try again later.");
				return answer.withHeader("Retry-After", String.valueOf(fault.retryAfterSeconds()));
			}
		}
		this.faults.removeIf((fault) -> fault.remaining().get() <= 0);
		return null;
	}

	synchronized void rename(FakeGraphUser user, String userPrincipalName) {
		String key = key(userPrincipalName);
		FakeGraphUser holder = this.usersByUpn.get(key);
		if (holder != null && holder != user) {
			throw new IllegalArgumentException("Another user already has the UPN " + userPrincipalName);
		}
		if (!user.deleted()) {
			this.usersByUpn.remove(key(user.userPrincipalName()));
			this.usersByUpn.put(key, user);
		}
		user.put("userPrincipalName", userPrincipalName);
	}

	private void owned(FakeGraphUser user) {
		if (user.tenant() != this) {
			throw new IllegalArgumentException(user + " belongs to another tenant");
		}
	}

	/** UPNs are case-insensitive in Entra. */
	private static String key(String userPrincipalName) {
		return userPrincipalName.toLowerCase(Locale.ROOT);
	}

	private record Fault(String prefix, AtomicInteger remaining, int status, int retryAfterSeconds,
			boolean nextPagesOnly) {
	}

	@Override
	public String toString() {
		return "FakeGraphTenant[" + this.id + "]";
	}

}
