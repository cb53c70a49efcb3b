package app.provisioning.console;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import app.provisioning.platform.Refusal;
import app.provisioning.logins.PermissionLevels;
import app.provisioning.mapping.FieldMaps;
import app.provisioning.reconcile.GroupSelections;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Field maps (add, edit, preview), the Entra groups they import, and permission levels.
 */
@Controller
class MappingActions {

	private final FieldMaps maps;

	private final PermissionLevels levels;

	private final GroupSelections selections;

	private final AccountView view;

	MappingActions(FieldMaps maps, PermissionLevels levels, GroupSelections selections, AccountView view) {
		this.maps = maps;
		this.levels = levels;
		this.selections = selections;
		this.view = view;
	}

	@PostMapping("/admin/accounts/{accountId}/mappings")
	String create(@PathVariable UUID accountId, MappingForm form, Model model) {
		try {
			var map = this.maps.create(accountId, form.draft());
			model.addAttribute("message", "Field map '" + map.name() + "' added. Users Entra provisions from now on go"
					+ " through it; preview it, or re-apply it to the users already provisioned.");
		}
		catch (Refusal ex) {
			model.addAttribute("mappingError", ex);
			model.addAttribute("mappingForm", form);
		}
		return this.view.render(accountId, model);
	}

	@GetMapping("/admin/accounts/{accountId}/mappings/{mapId}")
	String edit(@PathVariable UUID accountId, @PathVariable UUID mapId, Model model) {
		model.addAttribute("accountId", accountId);
		model.addAttribute("map", this.maps.get(accountId, mapId));
		model.addAttribute("form", MappingForm.of(this.maps.get(accountId, mapId)));
		model.addAttribute("preview", this.maps.preview(accountId, mapId, 1, 20));
		model.addAttribute("groups", this.selections.ofMap(accountId, mapId));
		model.addAttribute("levels", this.levels.list(accountId));
		return "console/mapping";
	}

	@PostMapping("/admin/accounts/{accountId}/mappings/{mapId}")
	String replace(@PathVariable UUID accountId, @PathVariable UUID mapId, MappingForm form, Model model) {
		try {
			this.maps.replace(accountId, mapId, form.draft());
			model.addAttribute("message", "Field map saved.");
		}
		catch (Refusal ex) {
			model.addAttribute("mappingError", ex);
		}
		String page = edit(accountId, mapId, model);
		if (model.getAttribute("mappingError") != null) {
			model.addAttribute("form", form);
		}
		return page;
	}

	/**
	 * One group per line: its object ID, optionally followed by the name of the
	 * permission level it grants.
	 */
	@PostMapping("/admin/accounts/{accountId}/mappings/{mapId}/groups")
	String groups(@PathVariable UUID accountId, @PathVariable UUID mapId, @RequestParam(required = false) String groups,
			Model model) {
		List<GroupSelections.Selection> selection = new ArrayList<>();
		var levelsByName = this.levels.list(accountId);
		for (String line : (groups == null) ? new String[0] : groups.split("\\R")) {
			String[] parts = line.trim().split("\\s+", 2);
			if (parts[0].isEmpty()) {
				continue;
			}
			UUID level = null;
			if (parts.length > 1) {
				level = levelsByName.stream()
					.filter((candidate) -> candidate.getName().equalsIgnoreCase(parts[1].trim()))
					.findFirst()
					.map((candidate) -> candidate.getId())
					.orElseThrow(() -> Refusal.invalid("No permission level is named '" + parts[1].trim() + "'"));
			}
			selection.add(new GroupSelections.Selection(parts[0], null, level));
		}
		try {
			this.selections.replace(accountId, mapId, selection);
			model.addAttribute("message", "Selected groups saved; Sync Now imports their members.");
		}
		catch (Refusal ex) {
			model.addAttribute("mappingError", ex);
		}
		return edit(accountId, mapId, model);
	}

	/**
	 * A level's name, rank and the provisioned Entra group that grants it (empty: none).
	 */
	@PostMapping("/admin/accounts/{accountId}/levels/{levelId}")
	String updateLevel(@PathVariable UUID accountId, @PathVariable UUID levelId,
			@RequestParam(required = false) String name, @RequestParam(required = false) Integer rank,
			@RequestParam(required = false) String groupId, Model model) {
		try {
			this.levels.update(accountId, levelId, name, rank);
			if (groupId == null || groupId.isBlank()) {
				this.levels.unmapGroup(accountId, levelId);
			}
			else {
				this.levels.mapGroup(accountId, levelId, groupId.trim());
			}
			model.addAttribute("message", "Permission level saved; login users' levels were recomputed.");
		}
		catch (Refusal ex) {
			model.addAttribute("levelError", ex.getMessage());
		}
		return this.view.render(accountId, model);
	}

	@PostMapping("/admin/accounts/{accountId}/levels/{levelId}/delete")
	String deleteLevel(@PathVariable UUID accountId, @PathVariable UUID levelId, Model model) {
		this.levels.delete(accountId, levelId);
		model.addAttribute("message", "Permission level deleted; its login users were recomputed.");
		return this.view.render(accountId, model);
	}

	@PostMapping("/admin/accounts/{accountId}/levels")
	String level(@PathVariable UUID accountId, @RequestParam(required = false) String name,
			@RequestParam(required = false) Integer rank, Model model) {
		try {
			this.levels.create(accountId, name, rank);
			model.addAttribute("message", "Permission level '" + name + "' added.");
		}
		catch (Refusal ex) {
			model.addAttribute("levelError", ex.getMessage());
		}
		return this.view.render(accountId, model);
	}

}
