package app.provisioning.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import org.HdrHistogram.Histogram;

/**
 * Entra's initial cycle on an account created from nothing, on a database whose
 * {@code scim_user} table has never been analyzed: per user a filter probe (no such user
 * yet), then the POST, and at 1k, 10k and 50k users bursts of probes for existing users,
 * without statistics and with them (taken just before, and dropped again after: see
 * {@link Statistics}). A fresh database is where this happens for real: autovacuum has
 * not analyzed the table yet, and PostgreSQL then plans the probe without statistics. The
 * other scenarios load data by SQL and analyze it, so they never see that plan; this one
 * runs on a server and database of its own.
 */
final class NewAccountProbes {

	private static final int[] SIZES = { 1_000, 10_000, 50_000 };

	private static final int CONNECTIONS = 16;

	private final Bench bench;

	private final Load load;

	private final int scale;

	/** {@code bench}: the benchmark on a server whose database nothing has used yet. */
	NewAccountProbes(Bench bench) {
		this.bench = bench;
		this.load = bench.load();
		this.scale = bench.scale();
	}

	void run() throws Exception {
		keepNeverAnalyzed();
		warmUp();
		Bench.Tenant tenant = this.bench.tenant();
		List<Load.Figures[]> sizes = new ArrayList<>();
		int users = 0;
		for (int size : SIZES) {
			int target = size / this.scale;
			this.bench
				.record(pairs(tenant, "na", users, target, "new account probe+POST to " + target + ", never analyzed"));
			users = target;
			sizes.add(measure(tenant, users));
		}
		compare(sizes);
	}

	/**
	 * Autovacuum would analyze the tables at a moment of its choosing, in the middle of a
	 * measurement.
	 */
	private void keepNeverAnalyzed() throws Exception {
		this.bench.execute("ALTER TABLE scim_user SET (autovacuum_enabled = false)");
		this.bench.execute("ALTER TABLE scim_group SET (autovacuum_enabled = false)");
		this.bench.line("newaccount: a server of its own on a new database; autovacuum off on scim_user and scim_group,"
				+ " so they stay never analyzed unless this scenario analyzes them");
	}

	/**
	 * A fresh JVM is far slower for its first minute on two cores, and the never-analyzed
	 * account, measured first, must not meet a colder JIT than the analyzed one: so at
	 * least 10,000 pairs even at quick scale, and probes that find their user, as the
	 * measured ones do. The warm-up's users stay in {@code scim_user}, as other tenants'
	 * would on a hosted server.
	 */
	private void warmUp() throws Exception {
		System.out.println("Warming up the new server (not measured)…");
		Bench.Tenant tenant = this.bench.tenant();
		int users = Math.max(10_000, 20_000 / this.scale);
		pairs(tenant, "nw", 0, users, "warm-up");
		probes(tenant, "nw", users, "warm-up");
	}

	/**
	 * Probes the account as it is (never analyzed), then analyzed, then analyzed again,
	 * then never analyzed again: the server still gets faster as its JIT works, and this
	 * order gives both states the same share of that. Between the two, the statistics are
	 * taken and then dropped, which puts the table back exactly as it was before anything
	 * analyzed it. Returns the never-analyzed figures and the analyzed ones, each of two
	 * bursts merged.
	 */
	private Load.Figures[] measure(Bench.Tenant tenant, int users) throws Exception {
		String never = "new account probes, " + users + " users, never analyzed";
		String analyzed = "new account probes, " + users + " users, analyzed";
		checkNeverAnalyzed();
		Load.Figures first = probes(tenant, "na", users, never);
		Statistics statistics = Statistics.take(this.bench);
		Load.Figures second = probes(tenant, "na", users, analyzed);
		Load.Figures third = probes(tenant, "na", users, analyzed);
		statistics.drop();
		checkNeverAnalyzed();
		Load.Figures fourth = probes(tenant, "na", users, never);
		Load.Figures[] merged = { merge(never, first, fourth), merge(analyzed, second, third) };
		this.bench.record(merged[0]);
		this.bench.record(merged[1]);
		return merged;
	}

	private static Load.Figures merge(String name, Load.Figures one, Load.Figures other) {
		Histogram latency = one.latency().copy();
		latency.add(other.latency());
		return new Load.Figures(name, one.connections(), one.requests() + other.requests(),
				one.errors() + other.errors(), one.seconds() + other.seconds(), latency,
				(one.errorStatuses() + " " + other.errorStatuses()).trim(), one.cpu().plus(other.cpu()));
	}

	/**
	 * Says so when something else analyzed the table: then the figures are not the
	 * never-analyzed case.
	 */
	private void checkNeverAnalyzed() throws Exception {
		if (this.bench.scalar("SELECT count(*) FROM pg_stats WHERE tablename = 'scim_user'") > 0) {
			this.bench
				.line("  note: scim_user has statistics already (something other than this scenario analyzed it)");
		}
	}

	/**
	 * Entra's order for users {@code from} to {@code to - 1}: even calls probe a user,
	 * the odd call after creates it, so the probe is sent before its POST (answered
	 * before it, mostly).
	 */
	private Load.Figures pairs(Bench.Tenant tenant, String prefix, int from, int to, String name) throws Exception {
		return this.load.closed(name, CONNECTIONS, 2 * (to - from), (i) -> {
			String userName = prefix + (from + i / 2) + "@bench.example";
			return (i % 2 == 0) ? probe(tenant, userName)
					: new Load.Call("POST", "/scim/v2/Users", Bench.user(userName), tenant.token());
		});
	}

	/**
	 * Probes of random existing users; a few seconds at a healthy rate, at least 2,000
	 * probes.
	 */
	private Load.Figures probes(Bench.Tenant tenant, String prefix, int users, String name) throws Exception {
		int requests = Math.max(2_000, 5_000 / this.scale);
		return this.load.closed(name, CONNECTIONS, requests,
				(i) -> probe(tenant, prefix + ThreadLocalRandom.current().nextInt(users) + "@bench.example"));
	}

	private static Load.Call probe(Bench.Tenant tenant, String userName) {
		return new Load.Call("GET", "/scim/v2/Users?filter=" + Bench.encode("userName eq \"" + userName + "\""), null,
				tenant.token());
	}

	/** The fix's target: never analyzed within 20% of analyzed at every size. */
	private void compare(List<Load.Figures[]> sizes) {
		for (int s = 0; s < SIZES.length; s++) {
			Load.Figures plain = sizes.get(s)[0];
			Load.Figures stats = sizes.get(s)[1];
			double share = 100 * plain.perSecond() / stats.perSecond();
			this.bench.line(String.format(Locale.ROOT, "New account probes, %,d users: never analyzed %,.0f req/s"
					+ " (p50 %.2f ms, p99 %.2f ms), analyzed %,.0f req/s (p50 %.2f ms, p99 %.2f ms): %.0f%% of the"
					+ " analyzed rate (target at least 80%%: %s)", SIZES[s] / this.scale, plain.perSecond(),
					plain.percentileMillis(50), plain.percentileMillis(99), stats.perSecond(),
					stats.percentileMillis(50), stats.percentileMillis(99), share, (share >= 80) ? "met" : "not met"));
		}
	}

}
