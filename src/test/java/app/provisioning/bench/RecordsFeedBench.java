package app.provisioning.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * What following the records costs and yields: POST /Users into an account with a People
 * map, without and with an enabled webhook endpoint (A-B-B-A, so drift falls on both,
 * after a warm-up of these paths, and with the webhook runs' deliveries finished before
 * the last A); how fast the deliveries reach a local receiver; and how fast a consumer
 * reads the change feed.
 */
final class RecordsFeedBench {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final int CONNECTIONS = 16;

	/**
	 * The most one redelivery queues (the server's
	 * {@code WebhookDeliveries.MAX_REDELIVER}), copied rather than referenced so that
	 * {@code bench/compare} can build this benchmark against commits from before
	 * webhooks.
	 */
	private static final int REDELIVERY_LIMIT = 10_000;

	private final Bench bench;

	private final Load load;

	private final int scale;

	private int port;

	/** Deliveries the receiver got per webhook-id; more than one is a duplicate. */
	private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

	private final AtomicLong firstReceivedNanos = new AtomicLong();

	private final AtomicLong lastReceivedNanos = new AtomicLong();

	RecordsFeedBench(Bench bench) {
		this.bench = bench;
		this.load = bench.load();
		this.scale = bench.scale();
	}

	void run() throws Exception {
		HttpServer receiver = receiver();
		try {
			Bench.Tenant plain = peopleTenant();
			Bench.Tenant hooked = peopleTenant();
			this.port = receiver.getAddress().getPort();
			String endpoint = endpoint(hooked, "http://127.0.0.1:" + this.port + "/hook");
			int half = 10_000 / this.scale;
			warmUp(half);
			// A-B-B-A-A-B-B-A in short runs: on two cores the rate drifts by a fifth
			// within a minute (the JIT at work, the tables growing), more than the effect
			// being measured.
			double without = 0;
			double with = 0;
			double cpuWithout = 0;
			double cpuWith = 0;
			double ownWithout = 0;
			double ownWith = 0;
			double databaseWithout = 0;
			double databaseWith = 0;
			ProcessCpu server = this.bench.serverCpu();
			Map<String, ThreadCpu.Cpu> threadsWithout = new LinkedHashMap<>();
			Map<String, ThreadCpu.Cpu> threadsWith = new LinkedHashMap<>();
			int run = 0;
			int created = 0;
			for (boolean hookedRun : new boolean[] { false, true, true, false, false, true, true, false }) {
				Bench.Tenant tenant = hookedRun ? hooked : plain;
				double busyBefore = MachineCpu.busyMillis();
				double ownBefore = server.millis();
				double databaseBefore = server.databaseMillis();
				double serverBefore = server.serverMillis();
				Map<String, ThreadCpu.Cpu> threadsBefore = ThreadCpu.millis(server.serverPid());
				Load.Figures figures = post(tenant, "rec-" + run++ + "-", half / 2,
						hookedRun ? "POST /Users, People map + webhook" : "POST /Users, People map, no webhook");
				if (hookedRun) {
					// The deliveries a webhook run causes are part of its cost: they are
					// counted in its CPU, and none may spill into a run without one.
					created += half / 2;
					waitForDeliveries(created, "a run's created events");
					with += figures.perSecond() / 4;
					cpuWith += (MachineCpu.busyMillis() - busyBefore) / figures.requests() / 4;
					ownWith += (server.millis() - ownBefore) / figures.requests() / 4;
					databaseWith += (server.databaseMillis() - databaseBefore) / figures.requests() / 4;
					addPerPost(threadsWith, threadsBefore, server, serverBefore, figures.requests());
				}
				else {
					without += figures.perSecond() / 4;
					cpuWithout += (MachineCpu.busyMillis() - busyBefore) / figures.requests() / 4;
					ownWithout += (server.millis() - ownBefore) / figures.requests() / 4;
					databaseWithout += (server.databaseMillis() - databaseBefore) / figures.requests() / 4;
					addPerPost(threadsWithout, threadsBefore, server, serverBefore, figures.requests());
				}
			}
			this.bench.line(String.format(Locale.ROOT,
					"records: POST /Users with a People map at %d connections:"
							+ " %,.0f req/s without a webhook, %,.0f with one enabled endpoint (%+.1f%%)",
					CONNECTIONS, without, with, 100 * (with - without) / without));
			if (MachineCpu.available()) {
				this.bench.line(String.format(Locale.ROOT,
						"records: machine CPU per POST, its deliveries included:"
								+ " %.2f ms without a webhook, %.2f ms with one enabled endpoint (%+.1f%%)",
						cpuWithout, cpuWith, 100 * (cpuWith - cpuWithout) / cpuWithout));
			}
			if (server.available()) {
				this.bench.line(String.format(Locale.ROOT, "records: server and database CPU per POST (no load"
						+ " generator, no receiver), its deliveries included: %.2f ms without a webhook, %.2f ms with"
						+ " one enabled endpoint (%+.1f%%)", ownWithout, ownWith,
						100 * (ownWith - ownWithout) / ownWithout));
				this.bench.line(String.format(Locale.ROOT,
						"records: of which the database: %.2f ms without a webhook, %.2f ms with one enabled endpoint",
						databaseWithout, databaseWith));
				StringBuilder threads = new StringBuilder("records: server CPU per POST by thread, without / with:");
				threadsWithout.forEach((group, runsWithout) -> {
					ThreadCpu.Cpu runsWith = threadsWith.get(group);
					threads.append(String.format(Locale.ROOT, " %s %.3f / %.3f ms; %s in the kernel %.3f / %.3f ms;",
							group, runsWithout.total(), runsWith.total(), group, runsWithout.kernel(),
							runsWith.kernel()));
				});
				this.bench.line(threads.substring(0, threads.length() - 1));
			}
			deliveryRate(hooked, endpoint, Math.min(2 * half, REDELIVERY_LIMIT));
			feedReadRate(hooked);
		}
		finally {
			receiver.stop(0);
		}
	}

	/**
	 * Adds a run's server CPU per POST by kind of thread (a quarter: four runs of each
	 * kind), with the time of threads that ended during the run as a group of its own.
	 */
	private static void addPerPost(Map<String, ThreadCpu.Cpu> sums, Map<String, ThreadCpu.Cpu> before,
			ProcessCpu server, double serverBefore, long requests) {
		Map<String, ThreadCpu.Cpu> run = ThreadCpu.since(before, server.serverPid());
		double live = run.values().stream().mapToDouble(ThreadCpu.Cpu::total).sum();
		run.put("ended threads", new ThreadCpu.Cpu(Math.max(0, server.serverMillis() - serverBefore - live), 0));
		run.forEach((group, cpu) -> sums.merge(group, cpu.divided(requests * 4.0), ThreadCpu.Cpu::plus));
	}

	/**
	 * Runs the People-map, feed and delivery paths before anything is measured: the
	 * general warm-up does not reach them, and a cold first run made "without a webhook"
	 * look slower. Blocks go on, each with its deliveries, until the JIT compiler takes
	 * under {@value Bench#QUIET_COMPILER_SHARE} of the server's CPU in one: a compiler
	 * still at work falls more on the longer runs, those with the endpoint.
	 */
	private void warmUp(int requests) throws Exception {
		Bench.Tenant tenant = peopleTenant();
		endpoint(tenant, "http://127.0.0.1:" + this.port + "/hook");
		ProcessCpu server = this.bench.serverCpu();
		for (int block = 1; block <= WARM_UP_BLOCKS; block++) {
			Map<String, ThreadCpu.Cpu> before = server.available() ? ThreadCpu.millis(server.serverPid()) : Map.of();
			String prefix = "rec-warm" + block + "-";
			this.load.closed("warm-up", CONNECTIONS, requests, (i) -> new Load.Call("POST", "/scim/v2/Users",
					Bench.user(prefix + i + "@bench.example"), tenant.token()));
			waitForDeliveries(requests, "the warm-up");
			this.received.clear();
			if (!server.available()) {
				return;
			}
			Map<String, ThreadCpu.Cpu> spent = ThreadCpu.since(before, server.serverPid());
			Load.Cpu cpu = new Load.Cpu(spent.values().stream().mapToDouble(ThreadCpu.Cpu::total).sum(), 0, spent);
			double share = (cpu.serverMillis() > 0) ? cpu.compilerMillis() / cpu.serverMillis() : 0;
			System.out.printf(Locale.ROOT, "  records warm-up block %d: the compiler took %.1f%% of the server's CPU%n",
					block, 100 * share);
			if (share < Bench.QUIET_COMPILER_SHARE) {
				return;
			}
		}
	}

	private static final int WARM_UP_BLOCKS = 10;

	private HttpServer receiver() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
		server.setExecutor(Executors.newFixedThreadPool(8));
		server.createContext("/hook", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			String id = exchange.getRequestHeaders().getFirst("webhook-id");
			this.received.computeIfAbsent(String.valueOf(id), (key) -> new AtomicInteger()).incrementAndGet();
			long now = System.nanoTime();
			this.firstReceivedNanos.compareAndSet(0, now);
			this.lastReceivedNanos.set(now);
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		server.start();
		return server;
	}

	private Bench.Tenant peopleTenant() throws Exception {
		Bench.Tenant tenant = this.bench.tenant();
		var map = this.load.exchange(new Load.Call("POST", "/api/accounts/" + tenant.id() + "/mappings",
				"{\"name\":\"People\",\"target\":\"people\",\"uniqueIdentifier\":\"user_principal_name\",\"fields\":["
						+ "{\"attribute\":\"Display name\",\"field\":\"name\"},{\"attribute\":\"Department\",\"field\":"
						+ "\"department\"},{\"attribute\":\"Job title\",\"field\":\"title\"}]}",
				Bench.ADMIN_KEY));
		if (map.statusCode() != 201) {
			throw new IllegalStateException("Creating a field map failed: HTTP " + map.statusCode() + " " + map.body());
		}
		return tenant;
	}

	private String endpoint(Bench.Tenant tenant, String url) throws Exception {
		var created = this.load.exchange(new Load.Call("POST", "/api/accounts/" + tenant.id() + "/webhooks",
				"{\"url\":\"" + url + "\",\"description\":\"bench receiver\"}", Bench.ADMIN_KEY));
		if (created.statusCode() != 201) {
			throw new IllegalStateException(
					"Creating a webhook endpoint failed: HTTP " + created.statusCode() + " " + created.body());
		}
		return JSON.readTree(created.body()).path("id").asText();
	}

	private Load.Figures post(Bench.Tenant tenant, String prefix, int requests, String name) throws Exception {
		Load.Figures figures = this.load.closed(name, CONNECTIONS, requests, (i) -> new Load.Call("POST",
				"/scim/v2/Users", Bench.user(prefix + i + "@bench.example"), tenant.token()));
		this.bench.record(figures);
		return figures;
	}

	/**
	 * Waits until the receiver holds {@code count} distinct events, at most two minutes.
	 */
	private double waitForDeliveries(int count, String what) throws Exception {
		long start = System.nanoTime();
		while (this.received.size() < count && System.nanoTime() - start < 120_000_000_000L) {
			Thread.sleep(20);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		if (this.received.size() < count) {
			this.bench.line(String.format(Locale.ROOT, "records: only %,d of %,d deliveries of %s arrived in %.0f s",
					this.received.size(), count, what, seconds));
		}
		return seconds;
	}

	/**
	 * Redelivers every event since before the POSTs and times the receiver getting them
	 * all again.
	 */
	private void deliveryRate(Bench.Tenant tenant, String endpoint, int events) throws Exception {
		long duplicatesBefore = duplicates();
		this.received.clear();
		this.firstReceivedNanos.set(0);
		long start = System.nanoTime();
		var redeliver = this.load
			.exchange(new Load.Call("POST", "/api/accounts/" + tenant.id() + "/webhooks/" + endpoint + "/redeliver",
					"{\"since\":\"" + Instant.now().minusSeconds(3600) + "\"}", Bench.ADMIN_KEY));
		if (redeliver.statusCode() / 100 != 2) {
			throw new IllegalStateException(
					"Redelivery failed: HTTP " + redeliver.statusCode() + " " + redeliver.body());
		}
		waitForDeliveries(events, "a redelivery");
		double seconds = (this.lastReceivedNanos.get() - start) / 1e9;
		double firstAfter = (this.firstReceivedNanos.get() - start) / 1e9;
		double flowing = (this.lastReceivedNanos.get() - this.firstReceivedNanos.get()) / 1e9;
		this.bench.line(String.format(Locale.ROOT, "records: webhook delivery of %,d events to a local receiver:"
				+ " %.1f s, %,.0f events/s; first after %.2f s, then %,.0f events/s (duplicates in normal operation: %d)",
				this.received.size(), seconds, this.received.size() / seconds, firstAfter,
				(this.received.size() - 1) / flowing, duplicatesBefore));
	}

	private long duplicates() {
		return this.received.values().stream().filter((count) -> count.get() > 1).count();
	}

	/** A consumer reading the whole feed of the account, 1,000 events a page. */
	private void feedReadRate(Bench.Tenant tenant) throws Exception {
		long start = System.nanoTime();
		long events = 0;
		String cursor = null;
		boolean more = true;
		while (more) {
			var page = this.load.exchange(new Load.Call("GET", "/api/accounts/" + tenant.id() + "/events?limit=1000"
					+ ((cursor != null) ? "&after=" + cursor : ""), null, Bench.ADMIN_KEY));
			JsonNode body = JSON.readTree(page.body());
			events += body.path("events").size();
			cursor = body.path("next").asText();
			more = body.path("hasMore").asBoolean();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		this.bench.line(String.format(Locale.ROOT,
				"records: change feed read of %,d events, 1,000 a page: %.2f s," + " %,.0f events/s", events, seconds,
				events / seconds));
	}

}
