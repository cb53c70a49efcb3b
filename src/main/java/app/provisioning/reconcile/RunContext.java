package app.provisioning.reconcile;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import app.provisioning.mapping.EntraAttribute;
import app.provisioning.mapping.FieldMap;
import app.provisioning.mapping.FieldMapping;
import app.provisioning.reconcile.graph.GraphCredentials;
import app.provisioning.reconcile.graph.GraphUserDocument;

/**
 * Everything one run works with: its account's connection, field maps and group
 * selections.
 */
record RunContext(UUID runId, UUID accountId, String mode, GraphCredentials credentials, GraphConnection connection,
		List<FieldMap> maps, List<GroupSelections.Selected> selections) {

	/**
	 * Whether this run reads only what changed in Graph since the last run's delta link.
	 */
	boolean delta() {
		return "delta".equals(this.mode);
	}

	/** The sync-log source of every change this run makes. */
	String source() {
		return "reconcile:" + this.runId;
	}

	FieldMap map(UUID id) {
		return this.maps.stream().filter((map) -> map.id().equals(id)).findFirst().orElse(null);
	}

	/**
	 * What to read of each user from Graph: the attributes the account's maps use, and
	 * what matching needs.
	 */
	GraphUserDocument.Selection selection() {
		Set<EntraAttribute> mapped = EnumSet.noneOf(EntraAttribute.class);
		for (FieldMap map : this.maps) {
			for (FieldMapping field : map.fields()) {
				mapped.add(field.source());
			}
		}
		return GraphUserDocument.selection(mapped);
	}

}
