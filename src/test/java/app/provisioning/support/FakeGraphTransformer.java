package app.provisioning.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WireMock extension behind the single catch-all stub: every answer is computed from
 * the in-memory tenants rather than stubbed, so tenants of any size cost no stub
 * mappings.
 */
final class FakeGraphTransformer implements ResponseDefinitionTransformerV2 {

	static final String NAME = "fake-graph";

	static final String GRAPH_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;"
			+ "IEEE754Compatible=false;charset=utf-8";

	private static final String AAD_JSON = "application/json; charset=utf-8";

	private static final Pattern TOKEN = Pattern.compile("/([^/?]+)/oauth2/v2\\.0/token");

	private static final Logger log = LoggerFactory.getLogger(FakeGraphTransformer.class);

	private final FakeGraphTokenEndpoint tokens;

	private final FakeGraphApi graph;

	FakeGraphTransformer(FakeGraphTokenEndpoint tokens, FakeGraphApi graph) {
		this.tokens = tokens;
		this.graph = graph;
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		Request request = serveEvent.getRequest();
		String url = request.getUrl();
		String path = (url.indexOf('?') < 0) ? url : url.substring(0, url.indexOf('?'));
		try {
			Matcher token = TOKEN.matcher(path);
			if (token.matches() && "POST".equals(request.getMethod().getName())) {
				return definition(this.tokens.token(token.group(1), request.getBodyAsString(),
						request.getHeader("Authorization")), AAD_JSON);
			}
			if (url.startsWith("/v1.0/")) {
				FakeGraphRequest graphRequest = FakeGraphRequest.of(request.getMethod().getName(), base(request),
						url.substring("/v1.0".length()), headers(request), request.getBodyAsString());
				return definition(this.graph.handle(graphRequest), GRAPH_JSON);
			}
			return definition(FakeGraphResponse.graphError(404, "UnknownError",
					"The fake Graph has no endpoint " + request.getMethod() + " " + path), GRAPH_JSON);
		}
		catch (RuntimeException ex) {
			// a bug in the fake must show up in the test, not as a hang or a vague client
			// error
			log.error("Fake Graph failed on {} {}", request.getMethod(), url, ex);
			return definition(FakeGraphResponse.graphError(500, "generalException", "The fake Graph failed: " + ex),
					GRAPH_JSON);
		}
	}

	/** Where the client sent the request, so next links lead back to the same place. */
	private static String base(Request request) {
		String host = request.getHeader("Host");
		if (host == null || host.isBlank()) {
			host = request.getHost() + ":" + request.getPort();
		}
		return request.getScheme() + "://" + host;
	}

	private static Map<String, String> headers(Request request) {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String name : request.getAllHeaderKeys()) {
			headers.put(name, request.getHeader(name));
		}
		return headers;
	}

	private static ResponseDefinition definition(FakeGraphResponse response, String contentType) {
		ResponseDefinitionBuilder builder = ResponseDefinitionBuilder.responseDefinition()
			.withStatus(response.status())
			.withHeader("Content-Type", contentType)
			.withHeader("Cache-Control", "no-store, no-cache")
			.withBody(response.body().toString());
		response.headers().forEach(builder::withHeader);
		return builder.build();
	}

}
