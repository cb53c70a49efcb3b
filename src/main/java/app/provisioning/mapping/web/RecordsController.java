package app.provisioning.mapping.web;

import java.util.UUID;

import app.provisioning.platform.Refusal;
import app.provisioning.mapping.ProvisionedRecord;
import app.provisioning.mapping.Records;
import app.provisioning.mapping.Records.Kind;
import app.provisioning.platform.AdminApi;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An account's People records and login users, read-only: listed, by id and by unique
 * identifier.
 */
@RestController
@AdminApi
@RequestMapping("/api/accounts/{accountId}")
class RecordsController {

	private final Records records;

	RecordsController(Records records) {
		this.records = records;
	}

	/**
	 * permissionLevel is accepted only to be refused: People have no level, and ignoring
	 * it would list them all.
	 */
	@GetMapping("/people")
	Records.Page people(@PathVariable UUID accountId, @RequestParam(required = false) String status,
			@RequestParam(required = false) String integrationStatus,
			@RequestParam(required = false) String permissionLevel, @RequestParam(required = false) String source,
			@RequestParam(required = false) String changedSince,
			@RequestParam(required = false) String uniqueIdentifier, @RequestParam(required = false) String fieldMap,
			@RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
		return this.records.list(accountId, Kind.PEOPLE, new Records.Filter(status, integrationStatus, permissionLevel,
				source, changedSince, uniqueIdentifier, fieldMap), cursor, limit);
	}

	@GetMapping("/login-users")
	Records.Page loginUsers(@PathVariable UUID accountId, @RequestParam(required = false) String status,
			@RequestParam(required = false) String integrationStatus,
			@RequestParam(required = false) String permissionLevel, @RequestParam(required = false) String source,
			@RequestParam(required = false) String changedSince,
			@RequestParam(required = false) String uniqueIdentifier, @RequestParam(required = false) String fieldMap,
			@RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
		return this.records.list(accountId, Kind.LOGIN_USERS, new Records.Filter(status, integrationStatus,
				permissionLevel, source, changedSince, uniqueIdentifier, fieldMap), cursor, limit);
	}

	@GetMapping("/people/{recordId}")
	ProvisionedRecord person(@PathVariable UUID accountId, @PathVariable UUID recordId) {
		return one(accountId, Kind.PEOPLE, recordId);
	}

	@GetMapping("/login-users/{recordId}")
	ProvisionedRecord loginUser(@PathVariable UUID accountId, @PathVariable UUID recordId) {
		return one(accountId, Kind.LOGIN_USERS, recordId);
	}

	@GetMapping("/people/by-unique-identifier/{value}")
	ProvisionedRecord personByUniqueIdentifier(@PathVariable UUID accountId, @PathVariable String value,
			@RequestParam(required = false) String fieldMap) {
		return this.records.byUniqueIdentifier(accountId, Kind.PEOPLE, value, fieldMap);
	}

	@GetMapping("/login-users/by-unique-identifier/{value}")
	ProvisionedRecord loginUserByUniqueIdentifier(@PathVariable UUID accountId, @PathVariable String value,
			@RequestParam(required = false) String fieldMap) {
		return this.records.byUniqueIdentifier(accountId, Kind.LOGIN_USERS, value, fieldMap);
	}

	private ProvisionedRecord one(UUID accountId, Kind kind, UUID recordId) {
		return this.records.get(accountId, kind, recordId).orElseThrow(() -> Refusal.notFound("Record " + recordId));
	}

}
