package app.provisioning.mapping.web;

import java.util.Set;
import java.util.Optional;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import app.provisioning.audit.AuditSnapshot;
import app.provisioning.platform.Refusal;
import app.provisioning.mapping.EntraAttribute;
import app.provisioning.mapping.FieldMap;
import app.provisioning.mapping.FieldMapping;
import app.provisioning.mapping.FieldMaps;
import app.provisioning.mapping.FieldType;
import app.provisioning.mapping.MappingReapply;
import app.provisioning.mapping.UniqueIdentifier;
import app.provisioning.platform.AdminApi;
import app.provisioning.platform.Problems;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Field maps of an account, their preview, and the list of mappable Entra attributes. */
@RestController
@AdminApi
class FieldMapsController implements AuditSnapshot {

	private final FieldMaps maps;

	private final MappingReapply reapply;

	FieldMapsController(FieldMaps maps, MappingReapply reapply) {
		this.maps = maps;
		this.reapply = reapply;
	}

	/**
	 * {@code attribute} is a SCIM path as Entra's mapping editor shows it, or the seeds'
	 * label.
	 */
	record Pair(String attribute, String field, String type) {
	}

	record MapRequest(String name, String target, String uniqueIdentifier, String organisationalUnit, String userRole,
			List<Pair> fields) {
	}

	record PairResponse(String attribute, String label, String scimPath, String field, String type) {
	}

	record MapResponse(UUID id, String name, String target, String uniqueIdentifier, String organisationalUnit,
			String userRole, List<PairResponse> fields, Instant createdAt, Instant updatedAt) {

		static MapResponse of(FieldMap map) {
			List<PairResponse> pairs = map.fields()
				.stream()
				.map((f) -> new PairResponse(f.source().name(), f.source().label(), f.source().scimPath(), f.field(),
						f.fieldType().name()))
				.toList();
			return new MapResponse(map.id(), map.name(), map.target().name(), map.uniqueIdentifier().name(),
					map.organisationalUnit(), map.userRole(), pairs, map.createdAt(), map.updatedAt());
		}

	}

	@GetMapping("/api/entra-attributes")
	List<Map<String, String>> attributes() {
		return Arrays.stream(EntraAttribute.values())
			.map((a) -> Map.of("attribute", a.name(), "label", a.label(), "scimPath", a.scimPath(), "type",
					a.type().name()))
			.toList();
	}

	@PostMapping("/api/accounts/{accountId}/mappings")
	ResponseEntity<MapResponse> create(@PathVariable UUID accountId, @RequestBody MapRequest request) {
		MapResponse created = MapResponse.of(this.maps.create(accountId, draft(request)));
		return ResponseEntity.created(URI.create("/api/accounts/" + accountId + "/mappings/" + created.id()))
			.body(created);
	}

	@GetMapping("/api/accounts/{accountId}/mappings")
	List<MapResponse> list(@PathVariable UUID accountId) {
		return this.maps.list(accountId).stream().map(MapResponse::of).toList();
	}

	@GetMapping("/api/accounts/{accountId}/mappings/{id}")
	MapResponse get(@PathVariable UUID accountId, @PathVariable UUID id) {
		return MapResponse.of(this.maps.get(accountId, id));
	}

	@PutMapping("/api/accounts/{accountId}/mappings/{id}")
	MapResponse replace(@PathVariable UUID accountId, @PathVariable UUID id, @RequestBody MapRequest request) {
		return MapResponse.of(this.maps.replace(accountId, id, draft(request)));
	}

	@DeleteMapping("/api/accounts/{accountId}/mappings/{id}")
	ResponseEntity<Void> delete(@PathVariable UUID accountId, @PathVariable UUID id) {
		this.maps.delete(accountId, id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/api/accounts/{accountId}/mappings/{id}/preview")
	FieldMaps.Preview preview(@PathVariable UUID accountId, @PathVariable UUID id,
			@RequestParam(defaultValue = "1") int startIndex, @RequestParam(defaultValue = "50") int count) {
		return this.maps.preview(accountId, id, startIndex, count);
	}

	/**
	 * Starts re-applying the map to every provisioned user; poll the GET for progress.
	 */
	@PostMapping("/api/accounts/{accountId}/mappings/{id}/reapply")
	ResponseEntity<MappingReapply.Job> startReapply(@PathVariable UUID accountId, @PathVariable UUID id) {
		return ResponseEntity.accepted().body(this.reapply.start(accountId, id));
	}

	@GetMapping("/api/accounts/{accountId}/mappings/{id}/reapply")
	ResponseEntity<MappingReapply.Job> reapplyProgress(@PathVariable UUID accountId, @PathVariable UUID id) {
		this.maps.get(accountId, id);
		MappingReapply.Job job = this.reapply.latest(accountId, id);
		if (job == null) {
			throw Refusal
				.notFoundBecause("Field map " + id + " has no re-apply run yet: POST to this address starts one");
		}
		return ResponseEntity.ok(job);
	}

	private static FieldMaps.Draft draft(MapRequest request) {
		Problems problems = new Problems();
		FieldMap.Target target = parse(FieldMap.Target.class, request.target(), "/target", problems);
		UniqueIdentifier identifier = parse(UniqueIdentifier.class, request.uniqueIdentifier(), "/uniqueIdentifier",
				problems);
		List<FieldMapping> fields = new ArrayList<>();
		List<Pair> pairs = (request.fields() != null) ? request.fields() : List.of();
		for (int i = 0; i < pairs.size(); i++) {
			Pair pair = pairs.get(i);
			EntraAttribute attribute = (pair.attribute() != null) ? EntraAttribute.find(pair.attribute()).orElse(null)
					: null;
			if (attribute == null) {
				problems.add("/fields/" + i + "/attribute", "Unknown Entra attribute '" + pair.attribute()
						+ "': use a SCIM path or label listed by GET /api/entra-attributes");
				continue;
			}
			FieldType type = (pair.type() == null) ? attribute.type()
					: parse(FieldType.class, pair.type(), "/fields/" + i + "/type", problems);
			fields.add(new FieldMapping(attribute, pair.field(), type));
		}
		problems.refuseIfAny(FieldMaps.NOT_VALID);
		return new FieldMaps.Draft(request.name(), target, identifier, request.organisationalUnit(), request.userRole(),
				fields);
	}

	private static <E extends Enum<E>> E parse(Class<E> type, String value, String pointer, Problems problems) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace(' ', '_'));
		}
		catch (IllegalArgumentException ex) {
			String name = pointer.substring(pointer.lastIndexOf('/') + 1);
			problems.add(pointer, name + " '" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()));
			return null;
		}
	}

	@Override
	public Set<String> routes() {
		return Set.of("/api/accounts/{accountId}/mappings/{id}", "/admin/accounts/{accountId}/mappings/{mapId}");
	}

	/**
	 * What the audit trail records of this setting before and after a change: what a GET
	 * answers.
	 */
	@Override
	public Optional<Object> snapshot(UUID accountId, Map<String, String> variables) {
		return Optional.of(get(accountId, AuditSnapshot.id(variables, "mapId", "id")));
	}

}
