package app.provisioning.reconcile.graph;

import java.net.http.HttpClient;

/**
 * Builds the production Graph client outside Spring (its constructors are
 * package-private), for tests that drive it against the fake Graph.
 */
public final class GraphTestClients implements AutoCloseable {

	private final GraphHttp http;

	private final GraphTokens tokens;

	private final GraphClient client;

	private GraphTestClients(GraphProperties properties) {
		this.http = new GraphHttp(properties);
		this.tokens = new GraphTokens(this.http);
		this.client = new GraphClient(this.http, this.tokens);
	}

	public static GraphTestClients create(GraphProperties properties) {
		return new GraphTestClients(properties);
	}

	public GraphClient client() {
		return this.client;
	}

	public GraphTokens tokens() {
		return this.tokens;
	}

	/** The JDK client with the configured trust store, for raw requests. */
	public HttpClient http() {
		return this.http.client();
	}

	@Override
	public void close() {
		this.http.destroy();
	}

}
