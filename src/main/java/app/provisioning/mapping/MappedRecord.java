package app.provisioning.mapping;

import java.util.List;
import java.util.Map;

/**
 * What a mapping makes of one provisioned user: typed field values, the unique
 * identifier, and the problems found (a blank identifier, a value of the wrong shape). A
 * record with problems is recorded as a mapping error; the SCIM request still succeeds.
 */
public record MappedRecord(Map<String, Object> fields, String uniqueIdentifier, List<String> problems) {

	public boolean hasProblems() {
		return !this.problems.isEmpty();
	}

}
