package app.provisioning.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Drives the HTTP API over keep-alive connections, one per simulated client. Closed loop:
 * C connections each send their share of N requests, one after the other, as Entra's
 * provisioning workers do. Open loop: requests at a fixed rate whatever the answers,
 * latency measured from when each request was due (no coordinated omission).
 */
final class Load {

	/** One request to send: method, path, body (or null), and the bearer token. */
	record Call(String method, String path, String body, String token) {
	}

	/** Figures of one scenario. */
	record Figures(String name, int connections, long requests, long errors, double seconds, Histogram latency,
			String errorStatuses, Cpu cpu) {

		double perSecond() {
			return this.requests / this.seconds;
		}

		double percentileMillis(double percentile) {
			return this.latency.getValueAtPercentile(percentile) / 1000.0;
		}

	}

	/**
	 * Milliseconds of CPU the server and its database spent during a run: unlike a rate,
	 * it does not move with what else the machine's cores were doing (NaN where Linux's
	 * process figures cannot be read).
	 */
	record Cpu(double serverMillis, double databaseMillis, Map<String, ThreadCpu.Cpu> serverByThread) {

		Cpu plus(Cpu other) {
			Map<String, ThreadCpu.Cpu> threads = new LinkedHashMap<>(this.serverByThread);
			other.serverByThread.forEach((group, cpu) -> threads.merge(group, cpu, ThreadCpu.Cpu::plus));
			return new Cpu(this.serverMillis + other.serverMillis, this.databaseMillis + other.databaseMillis, threads);
		}

		double totalMillis() {
			return this.serverMillis + this.databaseMillis;
		}

		/** The JIT compiler's threads' part of the server's. */
		double compilerMillis() {
			ThreadCpu.Cpu compiler = this.serverByThread.get("JIT");
			return (compiler != null) ? compiler.total() : 0;
		}

	}

	private final String baseUrl;

	private final HttpClient http;

	private final ProcessCpu processes;

	/** {@code processes} may be null: then no run's CPU is measured. */
	Load(String baseUrl, ProcessCpu processes) {
		this.baseUrl = baseUrl;
		this.processes = processes;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.executor(Executors.newFixedThreadPool(8))
			.build();
	}

	Figures closed(String name, int connections, int requests, IntFunction<Call> call) throws Exception {
		return drive(name, connections, requests, 0, call);
	}

	/**
	 * {@code rate} requests per second for {@code seconds}, spread over
	 * {@code connections} threads.
	 */
	Figures open(String name, int connections, int rate, int seconds, IntFunction<Call> call) throws Exception {
		return drive(name, connections, (long) rate * seconds, 1_000_000_000L / rate, call);
	}

	/**
	 * Sends {@code total} requests from {@code connections} threads. With an interval,
	 * request i is due at start + i × interval and its latency counts from then; without,
	 * each thread sends its next request when the previous one is answered.
	 */
	private Figures drive(String name, int connections, long total, long intervalNanos, IntFunction<Call> call)
			throws Exception {
		Histogram latency = new ConcurrentHistogram(60_000_000L, 3);
		AtomicLong errors = new AtomicLong();
		AtomicLong next = new AtomicLong();
		ExecutorService workers = Executors.newFixedThreadPool(connections);
		double serverBefore = serverMillis();
		double databaseBefore = databaseMillis();
		Map<String, ThreadCpu.Cpu> threadsBefore = (this.processes != null)
				? ThreadCpu.millis(this.processes.serverPid()) : Map.of();
		long start = System.nanoTime();
		List<Future<?>> running = new ArrayList<>();
		URI base = URI.create(this.baseUrl);
		for (int c = 0; c < connections; c++) {
			running.add(workers.submit(() -> {
				KeepAliveConnection connection = new KeepAliveConnection(base.getHost(), base.getPort());
				long i;
				while ((i = next.getAndIncrement()) < total) {
					long from = System.nanoTime();
					if (intervalNanos > 0) {
						from = start + i * intervalNanos;
						long wait = from - System.nanoTime();
						if (wait > 0) {
							Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
						}
					}
					boolean ok = send(connection, call.apply((int) i));
					latency.recordValue(Math.max(1, (System.nanoTime() - from) / 1000));
					if (!ok) {
						errors.incrementAndGet();
					}
				}
				connection.close();
				return null;
			}));
		}
		for (Future<?> worker : running) {
			worker.get();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		Cpu spent = new Cpu(serverMillis() - serverBefore, databaseMillis() - databaseBefore,
				(this.processes != null) ? ThreadCpu.since(threadsBefore, this.processes.serverPid()) : Map.of());
		workers.shutdown();
		return new Figures(name, connections, total, errors.get(), seconds, latency, drainErrors(), spent);
	}

	private double serverMillis() {
		return (this.processes != null && this.processes.available()) ? this.processes.serverMillis() : Double.NaN;
	}

	private double databaseMillis() {
		return (this.processes != null && this.processes.available()) ? this.processes.databaseMillis() : Double.NaN;
	}

	/** Error answers by status ("0" when no answer came), to say what the errors were. */
	private final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> errorStatuses = new java.util.concurrent.ConcurrentHashMap<>();

	private String drainErrors() {
		String summary = this.errorStatuses.entrySet()
			.stream()
			.map((entry) -> "HTTP " + entry.getKey() + " x" + entry.getValue().get())
			.reduce((a, b) -> a + ", " + b)
			.orElse("");
		this.errorStatuses.clear();
		return summary;
	}

	private boolean send(KeepAliveConnection connection, Call call) {
		try {
			int status = connection.send(call.method(), call.path(), call.token(), call.body());
			if (status >= 400) {
				this.errorStatuses.computeIfAbsent(String.valueOf(status), (key) -> new AtomicLong()).incrementAndGet();
			}
			return status < 400;
		}
		catch (Exception ex) {
			connection.close();
			this.errorStatuses.computeIfAbsent("0 (" + ex.getClass().getSimpleName() + ")", (key) -> new AtomicLong())
				.incrementAndGet();
			return false;
		}
	}

	HttpResponse<String> exchange(Call call) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + call.path()))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", "Bearer " + call.token());
		if (call.body() != null) {
			request
				.header("Content-Type", call.path().startsWith("/api") ? "application/json" : "application/scim+json")
				.method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()));
		}
		else {
			request.method(call.method(), HttpRequest.BodyPublishers.noBody());
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
