package app.provisioning.reconcile;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import app.provisioning.platform.Refusal;
import app.provisioning.reconcile.graph.GraphClient;
import app.provisioning.reconcile.graph.GraphCredentials;
import app.provisioning.reconcile.graph.GraphException;

import org.springframework.stereotype.Service;

/** Finds groups in the account's tenant, for selecting them in a field map. */
@Service
public class EntraGroupSearch {

	static final int MAX_RESULTS = 100;

	public record Group(String id, String displayName, String description) {
	}

	private final GraphConnections connections;

	private final GraphClient graph;

	EntraGroupSearch(GraphConnections connections, GraphClient graph) {
		this.connections = connections;
		this.graph = graph;
	}

	public List<Group> find(UUID accountId, String search) {
		GraphConnection connection = this.connections.get(accountId);
		GraphCredentials credentials = new GraphCredentials(connection.tenantId(), connection.clientId(),
				this.connections.clientSecret(accountId));
		String filter = (search != null && !search.isBlank()) ? "&$filter=" + URLEncoder
			.encode("startswith(displayName,'" + search.trim().replace("'", "''") + "')", StandardCharsets.UTF_8)
			.replace("+", "%20") : "";
		try {
			JsonNode page = this.graph.get(credentials,
					"/groups?$select=id,displayName,description&$top=" + MAX_RESULTS + filter);
			List<Group> groups = new ArrayList<>();
			for (JsonNode group : page.path("value")) {
				groups.add(new Group(group.path("id").asText(), group.path("displayName").asText(null),
						group.path("description").asText(null)));
			}
			return groups;
		}
		catch (GraphException ex) {
			throw Refusal.upstreamFailed("Microsoft Graph could not list groups: " + Reconciliation.reason(ex));
		}
	}

}
