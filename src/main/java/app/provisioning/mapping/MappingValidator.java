package app.provisioning.mapping;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import app.provisioning.platform.Problem;

/**
 * Checks a field map before it is saved, with errors an administrator can act on: unknown
 * attribute, a type that cannot hold the attribute, a field filled twice, no unique
 * identifier. Each problem points at the member of the request at fault, {@code fields}
 * counted in the order given.
 */
public final class MappingValidator {

	/**
	 * For each attribute type, the field types that can hold its values. Text holds
	 * anything.
	 */
	private static final Map<FieldType, Set<FieldType>> ACCEPTED = Map.of(FieldType.TEXT,
			EnumSet.of(FieldType.TEXT, FieldType.EMAIL, FieldType.PHONE), FieldType.EMAIL,
			EnumSet.of(FieldType.TEXT, FieldType.EMAIL), FieldType.PHONE, EnumSet.of(FieldType.TEXT, FieldType.PHONE),
			FieldType.DATE, EnumSet.of(FieldType.TEXT, FieldType.DATE), FieldType.BOOLEAN,
			EnumSet.of(FieldType.TEXT, FieldType.BOOLEAN), FieldType.REFERENCE,
			EnumSet.of(FieldType.TEXT, FieldType.REFERENCE));

	private MappingValidator() {
	}

	public static List<Problem> validate(List<FieldMapping> mappings, UniqueIdentifier identifier) {
		List<Problem> problems = new ArrayList<>();
		if (identifier == null) {
			problems.add(Problem.at("/uniqueIdentifier",
					"Choose a unique identifier: USER_PRINCIPAL_NAME (recommended), OBJECT_ID or PRIMARY_EMAIL"));
		}
		if (mappings == null || mappings.isEmpty()) {
			problems.add(Problem.at("/fields", "Map at least one attribute to a field"));
			return problems;
		}
		Set<String> fields = new HashSet<>();
		for (int i = 0; i < mappings.size(); i++) {
			FieldMapping mapping = mappings.get(i);
			String at = "/fields/" + i;
			if (mapping.source() == null) {
				problems.add(Problem.at(at + "/attribute", "Field '" + mapping.field() + "': unknown Entra attribute"));
				continue;
			}
			if (mapping.field() == null || mapping.field().isBlank()) {
				problems.add(Problem.at(at + "/field", mapping.source().label() + ": the target field has no name"));
				continue;
			}
			if (!fields.add(mapping.field().trim().toLowerCase(Locale.ROOT))) {
				problems.add(Problem.at(at + "/field",
						"Field '" + mapping.field() + "' is filled by more than one attribute"));
			}
			FieldType type = (mapping.fieldType() != null) ? mapping.fieldType() : FieldType.TEXT;
			if (!ACCEPTED.get(mapping.source().type()).contains(type)) {
				problems.add(Problem.at(at + "/type",
						mapping.source().label() + " is " + article(mapping.source().type()) + " and cannot fill the "
								+ type.name().toLowerCase(Locale.ROOT) + " field '" + mapping.field() + "'"));
			}
		}
		return problems;
	}

	private static String article(FieldType type) {
		String name = type.name().toLowerCase(Locale.ROOT);
		return (name.startsWith("e") ? "an " : "a ") + name;
	}

}
