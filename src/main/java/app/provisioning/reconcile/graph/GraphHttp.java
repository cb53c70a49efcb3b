package app.provisioning.reconcile.graph;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The one HTTP client for everything sent to Microsoft (tokens and Graph). It has its own
 * small thread pool and timeouts, so a slow or unreachable Microsoft never holds the
 * threads that serve Entra's SCIM requests.
 */
@Component
public class GraphHttp implements DisposableBean {

	private final ExecutorService executor = Executors.newFixedThreadPool(4, (task) -> {
		Thread thread = new Thread(task, "graph-http");
		thread.setDaemon(true);
		return thread;
	});

	private final HttpClient client;

	private final GraphProperties properties;

	GraphHttp(GraphProperties properties) {
		this.properties = properties;
		HttpClient.Builder builder = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.executor(this.executor);
		if (properties.trustStore() != null) {
			builder.sslContext(sslContext(properties));
		}
		this.client = builder.build();
	}

	public HttpClient client() {
		return this.client;
	}

	public GraphProperties properties() {
		return this.properties;
	}

	private static SSLContext sslContext(GraphProperties properties) {
		char[] password = (properties.trustStorePassword() != null) ? properties.trustStorePassword().toCharArray()
				: new char[0];
		try (InputStream in = Files.newInputStream(properties.trustStore())) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, password);
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(store);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read provisioning.graph.trust-store " + properties.trustStore(), ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("provisioning.graph.trust-store " + properties.trustStore()
					+ " is not a PKCS#12 trust store this password opens", ex);
		}
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
