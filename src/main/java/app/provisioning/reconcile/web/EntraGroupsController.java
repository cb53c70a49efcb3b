package app.provisioning.reconcile.web;

import java.util.List;
import java.util.UUID;

import app.provisioning.platform.AdminApi;
import app.provisioning.reconcile.EntraGroupSearch;
import app.provisioning.reconcile.GroupSelections;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The Entra groups a field map imports, and finding groups in the tenant to select. */
@RestController
@AdminApi
@RequestMapping("/api/accounts/{accountId}")
class EntraGroupsController {

	private final GroupSelections selections;

	private final EntraGroupSearch search;

	EntraGroupsController(GroupSelections selections, EntraGroupSearch search) {
		this.selections = selections;
		this.search = search;
	}

	@GetMapping("/mappings/{mapId}/entra-groups")
	List<GroupSelections.Selected> selected(@PathVariable UUID accountId, @PathVariable UUID mapId) {
		return this.selections.ofMap(accountId, mapId);
	}

	@PutMapping("/mappings/{mapId}/entra-groups")
	List<GroupSelections.Selected> select(@PathVariable UUID accountId, @PathVariable UUID mapId,
			@RequestBody(required = false) List<GroupSelections.Selection> groups) {
		return this.selections.replace(accountId, mapId, groups);
	}

	/**
	 * Groups of the tenant whose name starts with {@code search} (all groups, first page,
	 * without it).
	 */
	@GetMapping("/entra-groups")
	List<EntraGroupSearch.Group> groups(@PathVariable UUID accountId, @RequestParam(required = false) String search) {
		return this.search.find(accountId, search);
	}

}
