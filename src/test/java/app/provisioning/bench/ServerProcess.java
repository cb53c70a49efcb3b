package app.provisioning.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server under test as its own process (the packaged jar, with a heap limit), so that
 * its heap and memory are its own and not the load generator's. Stopped when the
 * benchmark ends.
 */
final class ServerProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private ServerProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	long pid() {
		return this.process.pid();
	}

	static ServerProcess start(Path jar, int port, String heap, Map<String, String> environment, List<String> arguments,
			Path logFile) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List
			.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap, "-Xms" + heap));
		command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1"));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		ServerProcess server = new ServerProcess(process, port);
		Runtime.getRuntime().addShutdownHook(new Thread(server::close));
		server.awaitReady(logFile);
		return server;
	}

	private void awaitReady(Path logFile) throws InterruptedException, IOException {
		HttpClient http = HttpClient.newHttpClient();
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The server stopped during start-up; see " + logFile);
			}
			try {
				http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/scim/v2/ServiceProviderConfig")).build(),
						HttpResponse.BodyHandlers.discarding());
				return;
			}
			catch (IOException ex) {
				Thread.sleep(500);
			}
		}
		throw new IllegalStateException("The server did not start within 3 minutes; see " + logFile + ": "
				+ Files.readString(logFile).lines().reduce((a, b) -> b).orElse(""));
	}

	/**
	 * Starts a profile of the server (JFR's "profile" settings) that is written to
	 * {@code file} when the server stops; started after the warm-up, so it holds only the
	 * measured scenarios.
	 */
	void startProfile(Path file) throws IOException, InterruptedException {
		Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
				String.valueOf(pid()), "JFR.start", "name=bench", "settings=profile",
				"filename=" + file.toAbsolutePath())
			.redirectErrorStream(true)
			.start();
		String out = new String(jcmd.getInputStream().readAllBytes());
		if (jcmd.waitFor() != 0) {
			throw new IllegalStateException("Could not start the profile: " + out);
		}
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Resident memory of the server process, in MB (from /proc). */
	long rssMegabytes() {
		try {
			String status = Files.readString(Path.of("/proc", String.valueOf(this.process.pid()), "status"));
			Matcher rss = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(status);
			return rss.find() ? Long.parseLong(rss.group(1)) / 1024 : -1;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/** Heap in use by the server, in MB, as the JVM reports it (jcmd GC.heap_info). */
	long heapUsedMegabytes() {
		try {
			Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
					String.valueOf(this.process.pid()), "GC.heap_info")
				.redirectErrorStream(true)
				.start();
			String out = new String(jcmd.getInputStream().readAllBytes());
			jcmd.waitFor();
			Matcher used = Pattern.compile("used (\\d+)K").matcher(out);
			return used.find() ? Long.parseLong(used.group(1)) / 1024 : -1;
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				this.process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
	}

}
