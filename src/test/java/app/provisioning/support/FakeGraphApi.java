package app.provisioning.support;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Microsoft Graph v1.0 over a fake tenant: authentication by the fake's own tokens, the
 * permission each endpoint needs, the resources the server reads, and {@code $batch},
 * whose sub-requests go through exactly the same handling as single requests.
 */
final class FakeGraphApi {

	private static final Set<String> READ_USERS = Set.of("User.Read.All", "User.ReadWrite.All", "Directory.Read.All",
			"Directory.ReadWrite.All");

	private static final Set<String> READ_GROUPS = Set.of("GroupMember.Read.All", "GroupMember.ReadWrite.All",
			"Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All");

	private static final Set<String> READ_APPLICATIONS = Set.of("Application.Read.All", "Application.ReadWrite.All",
			"Directory.Read.All", "Directory.ReadWrite.All");

	private static final Pattern BY_APP_ID = Pattern.compile("(applications|servicePrincipals)\\(appId='([^']*)'\\)");

	private static final Pattern MAIL_EQUALS = Pattern.compile("mail eq '((?:[^']|'')*)'", Pattern.CASE_INSENSITIVE);

	private static final Pattern STARTS_WITH = Pattern
		.compile("startswith\\(\\s*displayName\\s*,\\s*'((?:[^']|'')*)'\\s*\\)", Pattern.CASE_INSENSITIVE);

	private static final Pattern EXPAND_MANAGER = Pattern.compile("manager(?:\\(\\$select=([^)]*)\\))?",
			Pattern.CASE_INSENSITIVE);

	private static final int MAX_BATCH = 20;

	private static final ObjectMapper MAPPER = new ObjectMapper();

	private final Function<String, FakeGraphTenant> tenants;

	private final FakeGraphJwt jwt;

	FakeGraphApi(Function<String, FakeGraphTenant> tenants, FakeGraphJwt jwt) {
		this.tenants = tenants;
		this.jwt = jwt;
	}

	/** A request that arrived over HTTP. */
	FakeGraphResponse handle(FakeGraphRequest request) {
		String authorization = request.header("Authorization");
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
				|| authorization.substring(7).isBlank()) {
			return unauthenticated("Access token is empty.");
		}
		FakeGraphJwt.Claims claims = this.jwt.verify(authorization.substring(7).trim());
		if (claims == null) {
			return unauthenticated("Access token validation failure. Invalid audience.");
		}
		if (!claims.expires().isAfter(Instant.now())) {
			return unauthenticated("Lifetime validation failed, the token is expired.");
		}
		FakeGraphTenant tenant = this.tenants.apply(claims.tenantId());
		if (tenant == null) {
			return unauthenticated("Access token validation failure.");
		}
		return dispatch(request, tenant, Set.copyOf(claims.roles()), true);
	}

	private FakeGraphResponse dispatch(FakeGraphRequest request, FakeGraphTenant tenant, Set<String> roles,
			boolean topLevel) {
		tenant.count(request.path());
		FakeGraphResponse fault = tenant.fault(request.path(), request.param("$skiptoken") != null);
		if (fault != null) {
			return fault;
		}
		try {
			if (topLevel && request.segments().equals(List.of("$batch"))) {
				return batch(request, tenant, roles);
			}
			if (!"GET".equals(request.method())) {
				return FakeGraphResponse.graphError(405, "Request_BadRequest",
						"Specified HTTP method is not allowed for the request target.");
			}
			return FakeGraphResponse.ok(route(request, tenant, roles));
		}
		catch (FakeGraphResponse.Failure failure) {
			return failure.response();
		}
	}

	private JsonNode route(FakeGraphRequest request, FakeGraphTenant tenant, Set<String> roles) {
		List<String> path = request.segments();
		String first = path.isEmpty() ? "" : path.get(0);
		Matcher byAppId = BY_APP_ID.matcher(first);
		if (first.equals("users") && path.size() == 4 && path.get(2).equals("transitiveMemberOf")
				&& path.get(3).equals("microsoft.graph.group")) {
			require(roles, READ_USERS);
			require(roles, READ_GROUPS);
			FakeGraphUser user = tenant.user(path.get(1))
				.orElseThrow(() -> FakeGraphResponse.notFound(path.get(1)).fail());
			return memberOf(request, tenant, user);
		}
		if (first.equals("users") && path.size() == 2 && path.get(1).equals("delta")) {
			require(roles, READ_USERS);
			return usersDelta(request, tenant);
		}
		if (first.equals("users") && path.size() <= 2) {
			require(roles, READ_USERS);
			return (path.size() == 1) ? users(request, tenant) : user(request, tenant, path.get(1));
		}
		if (path.size() >= 3 && first.equals("directory") && path.get(1).equals("deletedItems")) {
			require(roles, READ_USERS);
			if (path.size() == 3 && path.get(2).equals("microsoft.graph.user")) {
				return deletedUsers(request, tenant);
			}
			if (path.size() == 3) {
				return deletedUser(request, tenant, path.get(2));
			}
		}
		if (first.equals("groups")) {
			require(roles, READ_GROUPS);
			if (path.size() == 1) {
				return groups(request, tenant);
			}
			FakeGraphGroup group = tenant.group(path.get(1))
				.orElseThrow(() -> FakeGraphResponse.notFound(path.get(1)).fail());
			if (path.size() == 2) {
				return entity(request, "groups", group, FakeGraphShape.GROUP);
			}
			if (path.size() == 4 && path.get(2).equals("transitiveMembers")
					&& path.get(3).equals("microsoft.graph.user")) {
				return transitiveUsers(request, group);
			}
		}
		if (byAppId.matches() && path.size() == 1) {
			require(roles, READ_APPLICATIONS);
			String appId = byAppId.group(2);
			FakeGraphApp app = tenant.app(appId).orElseThrow(() -> FakeGraphResponse.notFound(appId).fail());
			return byAppId.group(1).equals("applications")
					? entity(request, "applications", app, FakeGraphShape.APPLICATION)
					: entity(request, "servicePrincipals", app, FakeGraphShape.SERVICE_PRINCIPAL);
		}
		if (first.equals("applications") && path.size() == 2) {
			require(roles, READ_APPLICATIONS);
			FakeGraphApp app = tenant.application(path.get(1))
				.orElseThrow(() -> FakeGraphResponse.notFound(path.get(1)).fail());
			return entity(request, "applications", app, FakeGraphShape.APPLICATION);
		}
		if (first.equals("servicePrincipals") && path.size() == 2) {
			require(roles, READ_APPLICATIONS);
			FakeGraphApp app = tenant.servicePrincipal(path.get(1))
				.orElseThrow(() -> FakeGraphResponse.notFound(path.get(1)).fail());
			return entity(request, "servicePrincipals", app, FakeGraphShape.SERVICE_PRINCIPAL);
		}
		throw FakeGraphResponse
			.graphError(400, "BadRequest",
					"Resource not found for the segment '" + (path.isEmpty() ? "" : path.get(path.size() - 1)) + "'.")
			.fail();
	}

	// ---- users

	private JsonNode users(FakeGraphRequest request, FakeGraphTenant tenant) {
		NavigableMap<Long, FakeGraphUser> users = tenant.users();
		String filter = request.param("$filter");
		if (filter != null && !filter.isBlank()) {
			Matcher mailEquals = MAIL_EQUALS.matcher(filter.trim());
			if (!mailEquals.matches()) {
				throw unsupportedQuery();
			}
			String mail = mailEquals.group(1).replace("''", "'");
			NavigableMap<Long, FakeGraphUser> matching = new TreeMap<>();
			users.forEach((position, user) -> {
				JsonNode value = user.get("mail");
				if (value != null && mail.equalsIgnoreCase(value.asText())) {
					matching.put(position, user);
				}
			});
			users = matching;
		}
		Function<FakeGraphUser, ObjectNode> render = userRenderer(request);
		return FakeGraphShape.page(request, "users" + FakeGraphShape.contextSelection(request.param("$select")), users,
				render);
	}

	/**
	 * {@code /users/delta}: without a token, every user (the initial round); with one,
	 * the users changed since, and those removed with the reason ({@code changed}:
	 * soft-deleted, {@code deleted}: permanently). The last page carries the next
	 * {@code @odata.deltaLink}.
	 */
	private JsonNode usersDelta(FakeGraphRequest request, FakeGraphTenant tenant) {
		unsupportedFilter(request);
		Function<FakeGraphUser, ObjectNode> render = userRenderer(request);
		String context = "users" + FakeGraphShape.contextSelection(request.param("$select"));
		String token = request.param("$deltatoken");
		long now = tenant.changeSequence();
		ObjectNode page;
		if (token == null) {
			page = FakeGraphShape.page(request, context, tenant.users(), render);
		}
		else {
			long since;
			try {
				since = Long.parseLong(token.trim());
			}
			catch (NumberFormatException ex) {
				since = -1;
			}
			if (since < 0 || tenant.deltaTokenExpired(since)) {
				throw FakeGraphResponse
					.graphError(410, "SyncStateNotFound",
							"The sync state of this delta token has expired; restart the delta round without a token.")
					.fail();
			}
			page = FakeGraphShape.page(request, context, tenant.changesAfter(since), (change) -> {
				if (change.removedReason() != null) {
					ObjectNode removed = JsonNodeFactory.instance.objectNode().put("id", change.user().id());
					removed.putObject("@removed").put("reason", change.removedReason());
					return removed;
				}
				return render.apply(change.user());
			});
		}
		if (!page.has("@odata.nextLink")) {
			page.put("@odata.deltaLink", request.deltaLink(now));
		}
		return page;
	}

	private JsonNode user(FakeGraphRequest request, FakeGraphTenant tenant, String idOrUpn) {
		FakeGraphUser user = tenant.user(idOrUpn).orElseThrow(() -> FakeGraphResponse.notFound(idOrUpn).fail());
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("@odata.context",
				request.context("users" + FakeGraphShape.contextSelection(request.param("$select")) + "/$entity"));
		node.setAll(userRenderer(request).apply(user));
		return node;
	}

	private JsonNode deletedUsers(FakeGraphRequest request, FakeGraphTenant tenant) {
		unsupportedFilter(request);
		List<String> properties = FakeGraphShape.USER.select(request.param("$select"));
		return FakeGraphShape.page(request,
				"directory/deletedItems/microsoft.graph.user"
						+ FakeGraphShape.contextSelection(request.param("$select")),
				tenant.deletedUsers(), (user) -> FakeGraphShape.USER.render(user, properties));
	}

	private JsonNode deletedUser(FakeGraphRequest request, FakeGraphTenant tenant, String id) {
		FakeGraphUser user = tenant.deletedUser(id).orElseThrow(() -> FakeGraphResponse.notFound(id).fail());
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("@odata.context", request.context("directory/deletedItems/$entity"));
		node.put("@odata.type", "#microsoft.graph.user");
		node.setAll(FakeGraphShape.USER.render(user, FakeGraphShape.USER.select(request.param("$select"))));
		return node;
	}

	/**
	 * Users with {@code $select} and an optional {@code $expand=manager($select=...)}.
	 */
	private static Function<FakeGraphUser, ObjectNode> userRenderer(FakeGraphRequest request) {
		List<String> properties = FakeGraphShape.USER.select(request.param("$select"));
		String expand = request.param("$expand");
		if (expand == null || expand.isBlank()) {
			return (user) -> FakeGraphShape.USER.render(user, properties);
		}
		Matcher manager = EXPAND_MANAGER.matcher(expand.trim());
		if (!manager.matches()) {
			throw FakeGraphResponse
				.badRequest("Could not find a property named '" + expand.trim() + "' on type 'microsoft.graph.user'.")
				.fail();
		}
		List<String> managerProperties = FakeGraphShape.USER.select(manager.group(1));
		return (user) -> {
			ObjectNode node = FakeGraphShape.USER.render(user, properties);
			FakeGraphUser boss = user.manager();
			// a manager who was deleted is no longer anyone's manager
			if (boss != null && !boss.deleted() && user.tenant().exists(boss)) {
				ObjectNode rendered = node.putObject("manager");
				rendered.put("@odata.type", "#microsoft.graph.user");
				rendered.setAll(FakeGraphShape.USER.render(boss, managerProperties));
			}
			return node;
		};
	}

	// ---- groups

	private JsonNode groups(FakeGraphRequest request, FakeGraphTenant tenant) {
		NavigableMap<Long, FakeGraphGroup> groups = tenant.groups();
		String filter = request.param("$filter");
		if (filter != null && !filter.isBlank()) {
			Matcher startsWith = STARTS_WITH.matcher(filter.trim());
			if (!startsWith.matches()) {
				throw unsupportedQuery();
			}
			String prefix = startsWith.group(1).replace("''", "'").toLowerCase(Locale.ROOT);
			NavigableMap<Long, FakeGraphGroup> matching = new TreeMap<>();
			groups.forEach((position, group) -> {
				if (group.displayName().toLowerCase(Locale.ROOT).startsWith(prefix)) {
					matching.put(position, group);
				}
			});
			groups = matching;
		}
		List<String> properties = FakeGraphShape.GROUP.select(request.param("$select"));
		return FakeGraphShape.page(request, "groups" + FakeGraphShape.contextSelection(request.param("$select")),
				groups, (group) -> FakeGraphShape.GROUP.render(group, properties));
	}

	/** The groups a user is in, directly or through nested groups. */
	private JsonNode memberOf(FakeGraphRequest request, FakeGraphTenant tenant, FakeGraphUser user) {
		NavigableMap<Long, FakeGraphGroup> groups = new TreeMap<>();
		tenant.groups().forEach((position, group) -> {
			if (group.transitiveUsers().containsValue(user)) {
				groups.put(position, group);
			}
		});
		List<String> properties = FakeGraphShape.GROUP.select(request.param("$select"));
		return FakeGraphShape.page(request, "groups" + FakeGraphShape.contextSelection(request.param("$select")),
				groups,
				(group) -> JsonNodeFactory.instance.objectNode()
					.put("@odata.type", "#microsoft.graph.group")
					.setAll(FakeGraphShape.GROUP.render(group, properties)));
	}

	private JsonNode transitiveUsers(FakeGraphRequest request, FakeGraphGroup group) {
		unsupportedFilter(request);
		Function<FakeGraphUser, ObjectNode> render = userRenderer(request);
		return FakeGraphShape.page(request, "users" + FakeGraphShape.contextSelection(request.param("$select")),
				group.transitiveUsers(), (user) -> {
					ObjectNode node = JsonNodeFactory.instance.objectNode().put("@odata.type", "#microsoft.graph.user");
					return node.setAll(render.apply(user));
				});
	}

	// ---- single entities

	private static <T> JsonNode entity(FakeGraphRequest request, String set, T item, FakeGraphShape<T> shape) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("@odata.context",
				request.context(set + FakeGraphShape.contextSelection(request.param("$select")) + "/$entity"));
		node.setAll(shape.render(item, shape.select(request.param("$select"))));
		return node;
	}

	// ---- $batch

	/** Sub-requests are answered one by one, in order, each as if sent alone. */
	private FakeGraphResponse batch(FakeGraphRequest request, FakeGraphTenant tenant, Set<String> roles) {
		if (!"POST".equals(request.method())) {
			return FakeGraphResponse.graphError(405, "Request_BadRequest",
					"Specified HTTP method is not allowed for the request target.");
		}
		JsonNode requests;
		try {
			requests = MAPPER.readTree((request.body() != null) ? request.body() : "").path("requests");
		}
		catch (IOException ex) {
			return FakeGraphResponse.graphError(400, "BadRequest", "Invalid batch payload format.");
		}
		if (!requests.isArray() || requests.isEmpty()) {
			return FakeGraphResponse.graphError(400, "BadRequest", "Invalid batch payload format.");
		}
		if (requests.size() > MAX_BATCH) {
			return FakeGraphResponse.graphError(400, "BadRequest",
					"Number of requests in batch exceeds the maximum of " + MAX_BATCH + ".");
		}
		ArrayNode responses = JsonNodeFactory.instance.arrayNode();
		for (JsonNode sub : requests) {
			Map<String, String> headers = new LinkedHashMap<>();
			sub.path("headers")
				.fields()
				.forEachRemaining((header) -> headers.put(header.getKey(), header.getValue().asText()));
			FakeGraphRequest subRequest = FakeGraphRequest.of(sub.path("method").asText("GET"), request.base(),
					sub.path("url").asText(""), headers, sub.has("body") ? sub.get("body").toString() : null);
			FakeGraphResponse answer = dispatch(subRequest, tenant, roles, false);
			ObjectNode response = responses.addObject();
			response.put("id", sub.path("id").asText());
			response.put("status", answer.status());
			ObjectNode answerHeaders = response.putObject("headers");
			answer.headers().forEach(answerHeaders::put);
			answerHeaders.put("Content-Type", FakeGraphTransformer.GRAPH_JSON);
			response.set("body", answer.body());
		}
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		body.set("responses", responses);
		return FakeGraphResponse.ok(body);
	}

	// ---- errors

	private static void require(Set<String> roles, Set<String> anyOf) {
		for (String role : roles) {
			if (anyOf.contains(role)) {
				return;
			}
		}
		throw FakeGraphResponse
			.graphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
			.fail();
	}

	/**
	 * The fake filters groups by name prefix only; anything else is refused loudly, not
	 * ignored.
	 */
	private static void unsupportedFilter(FakeGraphRequest request) {
		String filter = request.param("$filter");
		if (filter != null && !filter.isBlank()) {
			throw unsupportedQuery();
		}
	}

	private static FakeGraphResponse.Failure unsupportedQuery() {
		return FakeGraphResponse.graphError(400, "Request_UnsupportedQuery", "Unsupported Query.").fail();
	}

	private static FakeGraphResponse unauthenticated(String message) {
		return FakeGraphResponse.graphError(401, "InvalidAuthenticationToken", message)
			.withHeader("WWW-Authenticate", "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/"
					+ "common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"");
	}

}
