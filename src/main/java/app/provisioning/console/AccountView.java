package app.provisioning.console;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import app.provisioning.account.AccountApiKeyService;
import app.provisioning.account.AccountMembers;
import app.provisioning.account.AccountRole;
import app.provisioning.account.AccountSignInRules;
import app.provisioning.account.AccountService;
import app.provisioning.logins.PermissionLevels;
import app.provisioning.mapping.EntraAttribute;
import app.provisioning.mapping.FieldMaps;
import app.provisioning.reconcile.GraphConnections;
import app.provisioning.reconcile.GroupSelections;
import app.provisioning.reconcile.RunRequests;
import app.provisioning.webhooks.EventTypes;
import app.provisioning.webhooks.WebhookEndpoints;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Everything the account page shows; each action renders it again with its own result
 * added.
 */
@Component
class AccountView {

	private final AccountService accounts;

	private final GraphConnections connections;

	private final FieldMaps maps;

	private final PermissionLevels levels;

	private final GroupSelections selections;

	private final RunRequests runs;

	private final app.provisioning.scim.ResourceStore groups;

	private final WebhookEndpoints webhooks;

	private final AccountMembers members;

	private final AccountSignInRules rules;

	private final AccountApiKeyService apiKeys;

	private final app.provisioning.mapping.HeldDeactivations held;

	private final app.provisioning.health.HealthChecks health;

	private final app.provisioning.health.Alerts alerts;

	AccountView(AccountService accounts, GraphConnections connections, FieldMaps maps, PermissionLevels levels,
			GroupSelections selections, RunRequests runs,
			@org.springframework.beans.factory.annotation.Qualifier("groupStore") app.provisioning.scim.ResourceStore groups,
			WebhookEndpoints webhooks, AccountMembers members, AccountSignInRules rules, AccountApiKeyService apiKeys,
			app.provisioning.mapping.HeldDeactivations held, app.provisioning.health.HealthChecks health,
			app.provisioning.health.Alerts alerts) {
		this.alerts = alerts;
		this.apiKeys = apiKeys;
		this.health = health;
		this.held = held;
		this.members = members;
		this.rules = rules;
		this.groups = groups;
		this.webhooks = webhooks;
		this.accounts = accounts;
		this.connections = connections;
		this.maps = maps;
		this.levels = levels;
		this.selections = selections;
		this.runs = runs;
	}

	/** A map with the Entra groups it imports. */
	record MapRow(app.provisioning.mapping.FieldMap map, List<GroupSelections.Selected> groups) {
	}

	/** A permission level with the provisioned group that grants it. */
	record LevelRow(app.provisioning.logins.PermissionLevel level, String groupId) {
	}

	/** A group Entra provisioned, to choose for a level. */
	record GroupOption(String id, String displayName) {
	}

	private List<GroupOption> provisionedGroups(UUID accountId) {
		try {
			return this.groups
				.search(accountId, new app.provisioning.scim.query.ScimSearch(null, null, false, 1, 500, null, false))
				.resources()
				.stream()
				.map((group) -> new GroupOption(group.id(), group.attributes().path("displayName").asText()))
				.toList();
		}
		catch (com.unboundid.scim2.common.exceptions.ScimException ex) {
			throw new IllegalStateException("Listing the account's groups failed", ex);
		}
	}

	String render(UUID accountId, Model model) {
		model.addAttribute("account", this.accounts.get(accountId));
		model.addAttribute("connection", this.connections.find(accountId).orElse(null));
		model.addAttribute("tokens", this.accounts.tokens(accountId));
		model.addAttribute("maps",
				this.maps.list(accountId)
					.stream()
					.map((map) -> new MapRow(map, this.selections.ofMap(accountId, map.id())))
					.toList());
		model.addAttribute("levels",
				this.levels.list(accountId)
					.stream()
					.map((level) -> new LevelRow(level, this.levels.groupOf(accountId, level.getId())))
					.toList());
		model.addAttribute("groups", provisionedGroups(accountId));
		model.addAttribute("attributes", Arrays.asList(EntraAttribute.values()));
		model.addAttribute("runs", this.runs.latest(accountId).stream().limit(10).toList());
		model.addAttribute("webhooks", this.webhooks.list(accountId));
		model.addAttribute("eventTypes", EventTypes.KNOWN);
		model.addAttribute("members", this.members.list(accountId));
		model.addAttribute("signInRules", this.rules.list(accountId));
		model.addAttribute("apiKeys", this.apiKeys.list(accountId));
		model.addAttribute("roles", Arrays.stream(AccountRole.values()).map(AccountRole::value).toList());
		model.addAttribute("brake", this.held.brake(accountId));
		model.addAttribute("health", this.health.of(accountId));
		model.addAttribute("alerts", this.alerts.overview(accountId));
		model.addAttribute("held", this.held.list(accountId, "held", null, null));
		return "console/account";
	}

}
