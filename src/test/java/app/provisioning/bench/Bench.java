package app.provisioning.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import app.provisioning.support.FakeGraph;
import app.provisioning.support.FakeGraphApp;

/**
 * The benchmark: starts the packaged server (heap 512 MB) on an embedded PostgreSQL,
 * loads data at scale, drives the HTTP API with Entra-shaped requests and prints, per
 * scenario, requests/s, p50/p99/max latency, errors, the server's heap and RSS, and the
 * database size; then the raw PostgreSQL ceiling (pgbench) for comparable work. The
 * {@code newaccount} scenario starts a second server on a new database of its own (see
 * {@link NewAccountProbes}). Talks only to 127.0.0.1 and leaves nothing running.
 * {@code BENCH_SCALE=quick} divides every size by ten.
 */
public final class Bench implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Path WORK = Path.of("target", "bench");

	static final String ADMIN_KEY = "bench-admin-key-" + UUID.randomUUID();

	private final int scale;

	private final ServerProcess server;

	private final Load load;

	private final String jdbcUrl;

	private final ProcessCpu serverCpu;

	/** The summary lines; a scenario's own server writes to the same list. */
	private final List<String> report;

	/**
	 * Our last figures for the work pgbench compares with: "insert" (POST) and "lookup"
	 * (filter probe).
	 */
	private final Map<String, Load.Figures> ours = new HashMap<>();

	/** Every figure of the run, for {@code bench/compare}. */
	private final ResultsFile results = new ResultsFile(WORK.resolve("results.tsv"));

	private Bench(int scale, ServerProcess server, String jdbcUrl, Path postgresData, List<String> report) {
		this.scale = scale;
		this.server = server;
		this.serverCpu = new ProcessCpu(server.pid(), postgresData);
		this.load = new Load(server.baseUrl(), this.serverCpu);
		this.jdbcUrl = jdbcUrl;
		this.report = report;
	}

	int scale() {
		return this.scale;
	}

	Load load() {
		return this.load;
	}

	/**
	 * CPU of the server and its database, without the benchmark's own load and receiver.
	 */
	ProcessCpu serverCpu() {
		return this.serverCpu;
	}

	public static void main(String[] args) throws Exception {
		boolean quick = "quick".equalsIgnoreCase(System.getenv().getOrDefault("BENCH_SCALE", "full"));
		deleteRecursively(WORK);
		System.out.printf("Benchmark (%s scale) on %s, %d cores, Java %s%n", quick ? "quick" : "full",
				System.getProperty("os.name"), Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.version"));
		int status = 0;
		try (Bench bench = start(quick ? 10 : 1, WORK, new ArrayList<>())) {
			bench.run();
		}
		catch (Exception ex) {
			System.err.println("The benchmark stopped: " + ex.getMessage() + " (server logs: " + WORK + ")");
			ex.printStackTrace();
			status = 1;
		}
		// The fake Graph and the HTTP clients' threads would keep the JVM alive, also
		// after a failure: leave nothing running.
		System.exit(status);
	}

	/**
	 * Starts the packaged server on a new embedded PostgreSQL whose data and the server's
	 * log go in {@code directory}, both on ports nothing else uses, so that a scenario
	 * can have a server of its own beside the main one.
	 */
	private static Bench start(int scale, Path directory, List<String> report) throws Exception {
		Files.createDirectories(directory);
		Path jar;
		try (var jars = Files.list(Path.of("target"))) {
			jar = jars.filter((p) -> p.toString().endsWith(".jar") && !p.toString().endsWith("-plain.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("Build the jar first: ./mvnw -DskipTests package"));
		}
		int dbPort = freePort(54000);
		Map<String, String> environment = new HashMap<>();
		environment.put("ADMIN_BOOTSTRAP_KEY", ADMIN_KEY);
		environment.put("PROVISIONING_ENCRYPTION_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
		Path postgresData = directory.resolve("postgres").toAbsolutePath();
		environment.put("EMBEDDED_DB_DIR", postgresData.toString());
		environment.put("EMBEDDED_DB_PORT", String.valueOf(dbPort));
		// Far above any scenario's rate unless a run measures the shared rate limit's
		// cost near the limit.
		environment.put("SCIM_RATE_LIMIT_PER_SECOND", System.getenv().getOrDefault("BENCH_RATE_LIMIT", "1000000"));
		List<String> arguments = new ArrayList<>(List.of("--provisioning.reconcile.poll-interval=500ms",
				"--provisioning.webhooks.allow-private-addresses=true", "--logging.level.root=WARN"));
		FakeGraph.get().springProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
		ServerProcess server = ServerProcess.start(jar, freePort(18000), "512m", environment, arguments,
				directory.resolve("server.log"));
		return new Bench(scale, server, "jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres", postgresData, report);
	}

	/**
	 * A port in [from, from + 900) that nothing listens on now (the main server's ports
	 * are taken).
	 */
	private static int freePort(int from) throws IOException {
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = from + ThreadLocalRandom.current().nextInt(900);
			try (ServerSocket listener = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				return port;
			}
			catch (IOException ex) {
				// taken: try another
			}
		}
		throw new IOException("No free port in " + from + "-" + (from + 899));
	}

	/** Stops the server (and with it its embedded PostgreSQL). */
	@Override
	public void close() {
		this.server.close();
	}

	private void run() throws Exception {
		warmUp();
		if (System.getenv("BENCH_JFR") != null) {
			this.server.startProfile(Path.of("target", "bench", "server.jfr"));
			System.out.println("Profiling the server into target/bench/server.jfr (bench/hot-frames summarises it)");
		}
		header();
		Map<String, Scenario> all = new java.util.LinkedHashMap<>();
		all.put("post", this::postUsers);
		all.put("filter", this::filterLookups);
		all.put("member", this::memberPatches);
		all.put("tenants", this::tenantsAtTheirRate);
		all.put("cycle", this::initialCycle);
		all.put("newaccount", this::newAccountProbes);
		all.put("graph", this::graphReconciliation);
		all.put("records", () -> new RecordsFeedBench(this).run());
		all.put("stack", this::stackCeiling);
		all.put("pgbench", this::pgbenchCeiling);
		String only = System.getenv().getOrDefault("BENCH_ONLY", String.join(",", all.keySet()));
		java.util.Set<String> chosen = java.util.Set.of(only.toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
		for (Map.Entry<String, Scenario> scenario : all.entrySet()) {
			if (chosen.contains(scenario.getKey())) {
				scenario.getValue().run();
			}
		}
		System.out.println();
		System.out.printf("Database size: %d MB%n",
				scalar("SELECT pg_database_size(current_database())") / (1024 * 1024));
	}

	// ---- scenarios

	@FunctionalInterface
	private interface Scenario {

		void run() throws Exception;

	}

	/**
	 * Lets the server's JIT compile the hot paths first, so no scenario is measured cold:
	 * on two cores the compiler needs a minute or more of traffic before the server
	 * reaches its pace. Blocks of the same traffic go on until the compiler's threads
	 * take under {@value #QUIET_COMPILER_SHARE} of the server's CPU in one, whatever the
	 * scale: a quick run measured while the compiler was still busy reported twice the
	 * CPU per POST of a full run.
	 */
	private void warmUp() throws Exception {
		Tenant tenant = tenant();
		String group = newGroup(tenant, "warm-up");
		int minimum = (this.scale == 1) ? 12 : 2;
		System.out.println("Warming up (not measured)…");
		for (int block = 1; block <= WARM_UP_BLOCKS; block++) {
			Load.Cpu cpu = warmUpBlock(tenant, group, block);
			double share = cpu.compilerMillis() / cpu.serverMillis();
			System.out.printf(Locale.ROOT, "  block %d: the compiler took %.1f%% of the server's CPU%n", block,
					100 * share);
			if (block >= minimum && share < QUIET_COMPILER_SHARE) {
				System.out.printf(Locale.ROOT,
						"  %,d requests; the compiler took %.1f%% of the server's CPU in the last %,d%n",
						block * WARM_UP_BLOCK, 100 * share, WARM_UP_BLOCK);
				return;
			}
			if (block == WARM_UP_BLOCKS) {
				System.out.printf(Locale.ROOT,
						"  %,d requests and the compiler still took %.1f%% of the server's CPU"
								+ " in the last %,d: figures below carry some of its work%n",
						block * WARM_UP_BLOCK, 100 * share, WARM_UP_BLOCK);
			}
		}
	}

	static final double QUIET_COMPILER_SHARE = 0.05;

	private static final int WARM_UP_BLOCK = 10_000;

	private static final int WARM_UP_BLOCKS = 30;

	/**
	 * Entra's four request kinds: POST and its probe, then a user PATCH and a member Add.
	 */
	private Load.Cpu warmUpBlock(Tenant tenant, String group, int block) throws Exception {
		String prefix = "warm" + block + "-";
		int users = WARM_UP_BLOCK / 4;
		Load.Figures created = this.load.closed("warm-up", 16, 2 * users, (i) -> (i % 2 == 0)
				? new Load.Call("POST", "/scim/v2/Users", user(prefix + i + "@bench.example"), tenant.token())
				: new Load.Call("GET",
						"/scim/v2/Users?filter=" + encode("userName eq \"" + prefix + (i - 1) + "@bench.example\""),
						null, tenant.token()));
		List<String> ids = strings("SELECT id::text FROM scim_user WHERE account_id = '" + tenant.id()
				+ "' AND user_name LIKE '" + prefix + "%' ORDER BY seq");
		Load.Figures changed = this.load.closed("warm-up", 16, ids.size() * 2, (i) -> (i % 2 == 0)
				? new Load.Call("PATCH", "/scim/v2/Users/" + ids.get(i / 2), displayNamePatch("Warm " + i),
						tenant.token())
				: new Load.Call("PATCH", "/scim/v2/Groups/" + group, memberAdd(ids.get(i / 2)), tenant.token()));
		return created.cpu().plus(changed.cpu());
	}

	private void postUsers() throws Exception {
		for (int connections : new int[] { 1, 16 }) {
			Tenant tenant = tenant();
			int requests = (connections == 1 ? 2_000 : 20_000) / this.scale;
			String prefix = "post" + connections + "-";
			Load.Figures figures = this.load.closed("POST /Users", connections, requests, (i) -> new Load.Call("POST",
					"/scim/v2/Users", user(prefix + i + "@bench.example"), tenant.token()));
			record(figures);
			this.ours.put("insert", figures);
		}
	}

	private void filterLookups() throws Exception {
		for (int size : new int[] { 1_000, 100_000, 500_000 }) {
			int users = Math.max(1_000, size / this.scale);
			Tenant tenant = tenant();
			seedUsers(tenant.id(), users, "f");
			for (int connections : new int[] { 1, 16 }) {
				int requests = (connections == 1 ? 3_000 : 30_000) / this.scale;
				Load.Figures figures = this.load.closed("GET filter userName eq, " + users + " users", connections,
						requests,
						(i) -> new Load.Call("GET",
								"/scim/v2/Users?filter=" + encode("userName eq \"f"
										+ ThreadLocalRandom.current().nextInt(users) + "@bench.example\""),
								null, tenant.token()));
				record(figures);
				this.ours.put("lookup", figures);
			}
		}
	}

	private void memberPatches() throws Exception {
		for (int size : new int[] { 0, 10_000, 100_000 }) {
			int members = size / this.scale;
			Tenant tenant = tenant();
			int extra = 25_000 / this.scale;
			seedUsers(tenant.id(), members + extra, "m");
			String group = newGroup(tenant, "g");
			execute("INSERT INTO scim_group_member (group_id, member_id, member_type, account_id) SELECT '" + group
					+ "', id, 'User', account_id FROM scim_user WHERE account_id = '" + tenant.id()
					+ "' ORDER BY seq LIMIT " + members);
			List<String> outside = strings("SELECT id::text FROM scim_user WHERE account_id = '" + tenant.id()
					+ "' ORDER BY seq OFFSET " + members);
			int[] used = { 0 };
			for (int connections : new int[] { 1, 16 }) {
				int requests = Math.min((connections == 1 ? 2_000 : 20_000) / this.scale, outside.size() - used[0]);
				int base = used[0];
				used[0] += requests;
				record(this.load.closed("PATCH group Add member, " + members + " members", connections, requests,
						(i) -> new Load.Call("PATCH", "/scim/v2/Groups/" + group, memberAdd(outside.get(base + i)),
								tenant.token())));
			}
		}
	}

	/**
	 * Tenants at 25 requests/s each, open loop, for each count of {@code BENCH_TENANTS}
	 * (default 100), smallest first; each count says whether its p99 stayed under 100 ms,
	 * and the last line names the highest count held with every smaller count held too
	 * (one slow window among larger counts does not make a smaller one fail).
	 */
	private void tenantsAtTheirRate() throws Exception {
		List<Integer> counts = java.util.Arrays
			.stream(System.getenv().getOrDefault("BENCH_TENANTS", "100").split("\\s*,\\s*"))
			.map(Integer::parseInt)
			.sorted()
			.distinct()
			.toList();
		int seconds = (this.scale == 1) ? 60 : 20;
		List<Tenant> all = new ArrayList<>();
		List<List<String>> ids = new ArrayList<>();
		Integer held = null;
		boolean failed = false;
		for (int tenants : counts) {
			while (all.size() < tenants) {
				Tenant tenant = tenant();
				seedUsers(tenant.id(), 200, "t");
				all.add(tenant);
				ids.add(strings("SELECT id::text FROM scim_user WHERE account_id = '" + tenant.id() + "'"));
			}
			if (tenants == counts.get(0)) {
				settle(all, ids, tenants, seconds);
			}
			double busyBefore = MachineCpu.busyMillis();
			Load.Figures figures = this.load.open(tenants + " tenants x 25 req/s, mixed", 64, tenants * 25, seconds,
					(i) -> mixedCall(all, ids, tenants, "mixed", i));
			record(figures);
			line(machineBusy(figures, MachineCpu.busyMillis() - busyBefore));
			boolean underTarget = figures.percentileMillis(99) < 100;
			line(String.format(Locale.ROOT, "  %d tenants: p99 %.1f ms, %s", tenants, figures.percentileMillis(99),
					underTarget ? "held (under 100 ms)" : "not held"));
			if (underTarget && !failed) {
				held = tenants;
			}
			failed |= !underTarget;
		}
		line("  highest tenant count held with p99 < 100 ms: " + ((held != null) ? held : "none of " + counts));
	}

	/**
	 * The mix unmeasured for a while first: the warm-up has one account, and the first
	 * seconds of many accounts' traffic (each account's first requests, the code they
	 * reach, the compiler's work on it) took the server's CPU half as high again and set
	 * the first measured count's p99. Printed, not counted.
	 */
	private void settle(List<Tenant> all, List<List<String>> ids, int tenants, int seconds) throws Exception {
		Load.Figures settling = this.load.open("settling", 64, tenants * 25, seconds / 2,
				(i) -> mixedCall(all, ids, tenants, "settling", i));
		line(String.format(Locale.ROOT, "  %d tenants, settling for %d s first (not counted): p99 %.1f ms", tenants,
				seconds / 2, settling.percentileMillis(99)));
	}

	/**
	 * How busy the cores were during an open-loop run, and whose work it was: near all of
	 * them, requests queue and the tail grows whatever one request costs.
	 */
	private static String machineBusy(Load.Figures figures, double busyMillis) {
		double available = figures.seconds() * 1000 * Runtime.getRuntime().availableProcessors();
		return String.format(Locale.ROOT,
				"    cores busy %.0f%%: server %.0f%%, PostgreSQL %.0f%%, the rest (load generator, the system) %.0f%%",
				100 * busyMillis / available, 100 * figures.cpu().serverMillis() / available,
				100 * figures.cpu().databaseMillis() / available,
				100 * (busyMillis - figures.cpu().totalMillis()) / available);
	}

	/** {@code names} starts the POSTed user names, so that each run creates its own. */
	private Load.Call mixedCall(List<Tenant> all, List<List<String>> ids, int tenants, String names, int i) {
		int t = i % tenants;
		Tenant tenant = all.get(t);
		int kind = (i / tenants) % 4;
		return switch (kind) {
			case 0, 1 -> new Load.Call("GET",
					"/scim/v2/Users?filter="
							+ encode("userName eq \"t" + ThreadLocalRandom.current().nextInt(200) + "@bench.example\""),
					null, tenant.token());
			case 2 -> new Load.Call("POST", "/scim/v2/Users", user(names + "-" + tenants + "-" + i + "@bench.example"),
					tenant.token());
			default -> new Load.Call("PATCH", "/scim/v2/Users/" + ids.get(t).get(i % 200),
					displayNamePatch("Name " + i), tenant.token());
		};
	}

	/**
	 * Entra's first cycle: per user a filter probe, a POST and a manager PATCH; then
	 * groups and their members.
	 */
	private void initialCycle() throws Exception {
		int users = 100_000 / this.scale;
		Tenant tenant = tenant();
		Instant start = Instant.now();
		String[] ids = new String[users];
		Load.Figures probes = this.load.closed("cycle: filter probes", 16, users, (i) -> new Load.Call("GET",
				"/scim/v2/Users?filter=" + encode("userName eq \"c" + i + "@bench.example\""), null, tenant.token()));
		Load.Figures creates = this.load.closed("cycle: POST /Users", 16, users,
				(i) -> new Load.Call("POST", "/scim/v2/Users", user("c" + i + "@bench.example"), tenant.token()));
		List<String> created = strings(
				"SELECT id::text FROM scim_user WHERE account_id = '" + tenant.id() + "' ORDER BY seq");
		for (int i = 0; i < Math.min(users, created.size()); i++) {
			ids[i] = created.get(i);
		}
		Load.Figures managers = this.load.closed("cycle: manager PATCH", 16, users - 1, (i) -> new Load.Call("PATCH",
				"/scim/v2/Users/" + ids[i + 1],
				"{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
						+ "\"Operations\":[{\"op\":\"Add\",\"path\":\"urn:ietf:params:scim:schemas:extension:enterprise:"
						+ "2.0:User:manager\",\"value\":\"" + ids[i] + "\"}]}",
				tenant.token()));
		List<String> groups = new ArrayList<>();
		for (int g = 0; g < 10; g++) {
			groups.add(newGroup(tenant, "cycle " + g));
		}
		Load.Figures memberships = this.load.closed("cycle: group member PATCH", 16, users,
				(i) -> new Load.Call("PATCH", "/scim/v2/Groups/" + groups.get(i % 10), memberAdd(ids[i]),
						tenant.token()));
		double total = Duration.between(start, Instant.now()).toMillis() / 1000.0;
		for (Load.Figures figures : List.of(probes, creates, managers, memberships)) {
			record(figures);
		}
		line(String.format(Locale.ROOT, "Initial Entra cycle for %,d users: %.1f s in total (%,d requests, %d errors)",
				users, total,
				probes.requests() + creates.requests() + managers.requests() + memberships.requests() + 10,
				probes.errors() + creates.errors() + managers.errors() + memberships.errors()));
	}

	/**
	 * Entra's first cycle on a never-analyzed table needs a database no other scenario
	 * has loaded or analyzed.
	 */
	private void newAccountProbes() throws Exception {
		try (Bench fresh = start(this.scale, WORK.resolve("newaccount"), this.report)) {
			new NewAccountProbes(fresh).run();
		}
	}

	private void graphReconciliation() throws Exception {
		int users = 100_000 / this.scale;
		Tenant tenant = tenant();
		String map = this.load
			.exchange(new Load.Call("POST", "/api/accounts/" + tenant.id() + "/mappings",
					"{\"name\":\"People\",\"target\":\"people\",\"uniqueIdentifier\":\"user_principal_name\","
							+ "\"fields\":[{\"attribute\":\"Display name\",\"field\":\"name\"}]}",
					ADMIN_KEY))
			.body();
		String mapId = JSON.readTree(map).path("id").asText();
		// The run deactivates 2% of the account, past the deactivation brake's default;
		// the figure is the reconciliation's own work, as before the brake existed.
		this.load.exchange(new Load.Call("PATCH", "/api/accounts/" + tenant.id() + "/deactivation-brake",
				"{\"enabled\":false}", ADMIN_KEY));
		seedUsers(tenant.id(), users, "g");
		execute("INSERT INTO person (id, account_id, field_map_id, unique_key, scim_user_id, fields, status,"
				+ " integration_status, integration_at, created_at, updated_at) SELECT gen_random_uuid(), account_id, '"
				+ mapId + "', user_name, id, '{}', 'active', 'provisioned', now(), now(), now() FROM scim_user"
				+ " WHERE account_id = '" + tenant.id() + "'");
		FakeGraphApp app = FakeGraph.get().newTenant().newApp("User.Read.All", "GroupMember.Read.All");
		var fakeUsers = app.tenant().addUsers(users, (i) -> "g" + i + "@bench.example");
		for (int i = 0; i < users; i += 100) {
			fakeUsers.get(i).enabled(false);
			app.tenant().purge(fakeUsers.get(i + 1));
		}
		this.load.exchange(new Load.Call(
				"PUT", "/api/accounts/" + tenant.id() + "/entra-connection", "{\"tenantId\":\"" + app.tenant().id()
						+ "\",\"clientId\":\"" + app.clientId() + "\",\"clientSecret\":\"" + app.secret() + "\"}",
				ADMIN_KEY));
		Instant start = Instant.now();
		String runId = JSON
			.readTree(this.load
				.exchange(
						new Load.Call("POST", "/api/accounts/" + tenant.id() + "/reconciliation/runs", null, ADMIN_KEY))
				.body())
			.path("id")
			.asText();
		long peakHeap = 0;
		JsonNode run;
		do {
			Thread.sleep(500);
			peakHeap = Math.max(peakHeap, this.server.heapUsedMegabytes());
			run = JSON
				.readTree(this.load
					.exchange(new Load.Call("GET", "/api/accounts/" + tenant.id() + "/reconciliation/runs/" + runId,
							null, ADMIN_KEY))
					.body());
		}
		while (!run.path("state").asText().equals("completed") && !run.path("state").asText().equals("failed"));
		double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
		line(String.format(Locale.ROOT,
				"Graph reconciliation of %,d users: %s in %.1f s (%s); server heap peak %d MB," + " RSS %d MB", users,
				run.path("state").asText(), seconds, run.path("summary").asText(), peakHeap,
				this.server.rssMegabytes()));
	}

	/**
	 * What the web stack costs without any database work: an authenticated SCIM request
	 * that reads nothing ({@code /ServiceProviderConfig}, through the SCIM security
	 * chain, its filters and the SCIM advice) and the open liveness probe (the management
	 * chain), at 16 connections; then our POST and probe as shares of the first. The gap
	 * between them and pgbench's is the rest of a request's cost.
	 */
	private void stackCeiling() throws Exception {
		Tenant tenant = tenant();
		int requests = 30_000 / this.scale;
		Load.Figures scim = this.load.closed("GET /ServiceProviderConfig (SCIM chain, no database)", 16, requests,
				(i) -> new Load.Call("GET", "/scim/v2/ServiceProviderConfig", null, tenant.token()));
		record(scim);
		Load.Figures liveness = this.load.closed("GET /actuator/health/liveness (open)", 16, requests,
				(i) -> new Load.Call("GET", "/actuator/health/liveness", null, null));
		record(liveness);
		for (Load.Figures server : new Load.Figures[] { this.ours.get("insert"), this.ours.get("lookup") }) {
			if (server != null) {
				line(String.format(Locale.ROOT,
						"  our %s at %d connections: %,.0f req/s = %.0f%% of the SCIM stack's %,.0f/s", server.name(),
						server.connections(), server.perSecond(), 100 * server.perSecond() / scim.perSecond(),
						scim.perSecond()));
			}
		}
	}

	/**
	 * The same kind of work straight on PostgreSQL: the most any server on it could do,
	 * and the least CPU it could cost.
	 */
	private void pgbenchCeiling() throws Exception {
		Path pgbench = findPgbench();
		if (pgbench == null) {
			line("pgbench not found (Debian: postgresql-client); PostgreSQL ceiling skipped");
			return;
		}
		execute("CREATE TABLE IF NOT EXISTS bench_ceiling (id bigserial PRIMARY KEY, name text NOT NULL,"
				+ " doc jsonb NOT NULL)");
		execute("CREATE UNIQUE INDEX IF NOT EXISTS bench_ceiling_name_uq ON bench_ceiling (lower(name))");
		Path scripts = Path.of("target", "bench");
		Files.writeString(scripts.resolve("insert.sql"), "INSERT INTO bench_ceiling (name, doc) VALUES ('u' ||"
				+ " :client_id || '-' || nextval('bench_ceiling_id_seq') || '@bench.example', '{\"userName\":\"x\","
				+ "\"active\":true,\"displayName\":\"Bench User\",\"emails\":[{\"value\":\"x@bench.example\"}]}');\n");
		execute("INSERT INTO bench_ceiling (name, doc) SELECT 'seed' || g, '{}' FROM generate_series(1, 100000) g");
		Files.writeString(scripts.resolve("lookup.sql"), "\\set n random(1, 100000)\n"
				+ "SELECT id, doc FROM bench_ceiling WHERE lower(name) = lower('seed' || :n);\n");
		String port = this.jdbcUrl.replaceAll(".*:(\\d+)/.*", "$1");
		for (String script : new String[] { "insert", "lookup" }) {
			long processesBefore = this.serverCpu.databaseProcesses();
			double databaseBefore = this.serverCpu.databaseMillis();
			Process process = new ProcessBuilder(pgbench.toString(), "-h", "127.0.0.1", "-p", port, "-U", "postgres",
					"-n", "-c", "16", "-j", "2", "-T", "10", "-f", scripts.resolve(script + ".sql").toString(),
					"postgres")
				.redirectErrorStream(true)
				.start();
			String out = new String(process.getInputStream().readAllBytes());
			process.waitFor();
			this.serverCpu.awaitDatabaseProcesses(processesBefore);
			double databaseMillis = this.serverCpu.databaseMillis() - databaseBefore;
			String tps = out.lines().filter((l) -> l.startsWith("tps")).findFirst().orElse(out.trim());
			java.util.regex.Matcher processed = java.util.regex.Pattern
				.compile("number of transactions actually processed: (\\d+)")
				.matcher(out);
			double cpuPerTransaction = processed.find() ? databaseMillis / Long.parseLong(processed.group(1))
					: Double.NaN;
			line(String.format(Locale.ROOT,
					"pgbench %s (JSONB row with a unique index / indexed lookup), 16 clients: %s;"
							+ " database CPU %.3f ms per transaction",
					script, tps, cpuPerTransaction));
			java.util.regex.Matcher rate = java.util.regex.Pattern.compile("tps = ([0-9.]+)").matcher(tps);
			double ceiling = rate.find() ? Double.parseDouble(rate.group(1)) : Double.NaN;
			if (!Double.isNaN(ceiling)) {
				this.results.addCeiling("pgbench " + script, 16, ceiling, cpuPerTransaction);
			}
			Load.Figures server = this.ours.get(script);
			if (!Double.isNaN(ceiling) && server != null) {
				this.results.compare(server, "pgbench " + script);
				line(String.format(Locale.ROOT,
						"  our %s at %d connections: %,.0f req/s = %.1f%% of PostgreSQL's %,.0f/s", server.name(),
						server.connections(), server.perSecond(), 100 * server.perSecond() / ceiling, ceiling));
				double ours = server.cpu().totalMillis() / server.requests();
				line(String.format(Locale.ROOT,
						"  its CPU: %.3f ms per request (server %.3f, of which the compiler %.3f; database %.3f)"
								+ " = %.1f× pgbench's %.3f ms",
						ours, server.cpu().serverMillis() / server.requests(),
						server.cpu().compilerMillis() / server.requests(),
						server.cpu().databaseMillis() / server.requests(), ours / cpuPerTransaction,
						cpuPerTransaction));
			}
		}
	}

	// ---- helpers

	record Tenant(String id, String token) {
	}

	private String newGroup(Tenant tenant, String displayName) throws Exception {
		return this.load
			.exchange(new Load.Call("POST", "/scim/v2/Groups",
					"{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"" + displayName
							+ "\"}",
					tenant.token()))
			.headers()
			.firstValue("Location")
			.map((location) -> location.substring(location.lastIndexOf('/') + 1))
			.orElseThrow(() -> new IllegalStateException("Creating group '" + displayName + "' failed"));
	}

	/** Entra's one-member Add. */
	private static String memberAdd(String memberId) {
		return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"Add\","
				+ "\"path\":\"members\",\"value\":[{\"value\":\"" + memberId + "\"}]}]}";
	}

	private static String displayNamePatch(String displayName) {
		return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"Replace\","
				+ "\"path\":\"displayName\",\"value\":\"" + displayName + "\"}]}";
	}

	Tenant tenant() throws Exception {
		var created = this.load.exchange(
				new Load.Call("POST", "/api/accounts", "{\"name\":\"bench-" + UUID.randomUUID() + "\"}", ADMIN_KEY));
		if (created.statusCode() != 201) {
			throw new IllegalStateException(
					"Creating an account failed: HTTP " + created.statusCode() + " " + created.body());
		}
		JsonNode account = JSON.readTree(created.body());
		String id = account.path("id").asText();
		JsonNode token = JSON.readTree(this.load
			.exchange(new Load.Call("POST", "/api/accounts/" + id + "/scim-tokens", "{\"label\":\"bench\"}", ADMIN_KEY))
			.body());
		return new Tenant(id, token.path("token").asText());
	}

	private void seedUsers(String accountId, int count, String prefix) throws Exception {
		execute("INSERT INTO scim_user (id, account_id, user_name, display_name, active, email_values, attributes,"
				+ " version, created_at, last_modified) SELECT gen_random_uuid(), '" + accountId + "', '" + prefix
				+ "' || g || '@bench.example', 'User ' || g, true, array['" + prefix + "' || g || '@bench.example'],"
				+ " jsonb_build_object('userName', '" + prefix + "' || g || '@bench.example', 'active', true,"
				+ " 'displayName', 'User ' || g), 1, now(), now() FROM generate_series(0, " + (count - 1) + ") g");
		execute("ANALYZE scim_user");
	}

	static String user(String userName) {
		return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",\"urn:ietf:params:scim:schemas:extension:"
				+ "enterprise:2.0:User\"],\"externalId\":\"" + userName.substring(0, userName.indexOf('@')) + "\","
				+ "\"userName\":\"" + userName
				+ "\",\"active\":true,\"displayName\":\"Bench User\",\"title\":\"Engineer\","
				+ "\"emails\":[{\"primary\":true,\"type\":\"work\",\"value\":\"" + userName + "\"}],"
				+ "\"name\":{\"formatted\":\"Bench User\",\"familyName\":\"User\",\"givenName\":\"Bench\"},"
				+ "\"addresses\":[{\"type\":\"work\",\"locality\":\"Oslo\",\"country\":\"NO\",\"primary\":true}],"
				+ "\"phoneNumbers\":[{\"type\":\"work\",\"value\":\"+47 555 0100\"}],"
				+ "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"employeeNumber\":\"1\","
				+ "\"department\":\"R&D\"}}";
	}

	static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
	}

	private void header() {
		System.out.println();
		System.out.printf("%-48s %5s %9s %9s %8s %8s %8s %7s %7s %6s %8s %8s%n", "scenario", "conns", "requests",
				"req/s", "p50 ms", "p99 ms", "max ms", "errors", "heapMB", "rssMB", "srv ms/r", "db ms/r");
	}

	void record(Load.Figures figures) {
		// One reading (it starts a jcmd process) for the line and the results file alike.
		long heap = this.server.heapUsedMegabytes();
		this.results.add(figures, heap);
		System.out.printf(Locale.ROOT, "%-48s %5d %9d %9.0f %8.2f %8.2f %8.1f %7d %7d %6d %8.3f %8.3f%n",
				figures.name(), figures.connections(), figures.requests(), figures.perSecond(),
				figures.percentileMillis(50), figures.percentileMillis(99), figures.latency().getMaxValue() / 1000.0,
				figures.errors(), heap, this.server.rssMegabytes(), figures.cpu().serverMillis() / figures.requests(),
				figures.cpu().databaseMillis() / figures.requests());
		if (!figures.cpu().serverByThread().isEmpty()) {
			StringBuilder threads = new StringBuilder("    server CPU by thread, ms per request:");
			figures.cpu()
				.serverByThread()
				.forEach((group, cpu) -> threads.append(String.format(Locale.ROOT, " %s %.3f (kernel %.3f);", group,
						cpu.total() / figures.requests(), cpu.kernel() / figures.requests())));
			System.out.println(threads);
		}
		if (!figures.errorStatuses().isEmpty()) {
			System.out.println("    errors: " + figures.errorStatuses());
		}
		System.out.flush();
	}

	void line(String text) {
		System.out.println(text);
		this.report.add(text);
	}

	void execute(String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	long scalar(String sql) throws Exception {
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	List<String> strings(String sql) throws Exception {
		List<String> values = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			while (rs.next()) {
				values.add(rs.getString(1));
			}
		}
		return values;
	}

	private static Path findPgbench() throws Exception {
		Path lib = Path.of("/usr/lib/postgresql");
		if (Files.isDirectory(lib)) {
			try (var versions = Files.list(lib)) {
				for (Path version : versions.sorted(java.util.Comparator.reverseOrder()).toList()) {
					Path candidate = version.resolve("bin/pgbench");
					if (Files.isExecutable(candidate)) {
						return candidate;
					}
				}
			}
		}
		return null;
	}

	private static void deleteRecursively(Path path) throws Exception {
		if (!Files.exists(path)) {
			return;
		}
		try (var walk = Files.walk(path)) {
			for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}

}
