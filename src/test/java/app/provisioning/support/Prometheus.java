package app.provisioning.support;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the server's Prometheus scrape the way Prometheus does: over HTTP with an admin
 * key.
 */
public final class Prometheus {

	private final ScimClient client;

	public Prometheus(int port, String adminKey) {
		this.client = new ScimClient("http://localhost:" + port + "/actuator", adminKey, null);
	}

	/** The whole scrape, in Prometheus' text format. */
	public String scrape() {
		ScimResponse response = this.client.get("/prometheus");
		assertThat(response.status()).as(response.rawBody()).isEqualTo(200);
		return response.rawBody();
	}

	/**
	 * The sum of the samples of {@code name} that carry every one of {@code labels}; 0 if
	 * none.
	 */
	public double value(String name, Map<String, String> labels) {
		return value(scrape(), name, labels);
	}

	public static double value(String scrape, String name, Map<String, String> labels) {
		double sum = 0;
		for (String line : scrape.split("\n")) {
			if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
				continue;
			}
			int end = line.lastIndexOf(' ');
			String series = line.substring(0, end);
			if (labels.entrySet()
				.stream()
				.allMatch((label) -> series.contains(label.getKey() + "=\"" + label.getValue() + "\""))) {
				sum += Double.parseDouble(line.substring(end + 1));
			}
		}
		return sum;
	}

}
