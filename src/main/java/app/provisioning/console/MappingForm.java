package app.provisioning.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import app.provisioning.platform.Problems;
import app.provisioning.mapping.EntraAttribute;
import app.provisioning.mapping.FieldMap;
import app.provisioning.mapping.FieldMapping;
import app.provisioning.mapping.FieldMaps;
import app.provisioning.mapping.FieldType;
import app.provisioning.mapping.UniqueIdentifier;

/**
 * A field map as the page's form holds it: one "Entra attribute = field" per line (the
 * attribute by its Azure portal label or SCIM path, optionally "= field : type").
 */
record MappingForm(String name, String target, String uniqueIdentifier, String fields) {

	static MappingForm of(FieldMap map) {
		StringBuilder lines = new StringBuilder();
		for (FieldMapping field : map.fields()) {
			lines.append(field.source().label()).append(" = ").append(field.field());
			if (field.fieldType() != field.source().type()) {
				lines.append(" : ").append(field.fieldType().name().toLowerCase(Locale.ROOT));
			}
			lines.append('\n');
		}
		return new MappingForm(map.name(), map.target().name().toLowerCase(Locale.ROOT),
				map.uniqueIdentifier().name().toLowerCase(Locale.ROOT), lines.toString());
	}

	FieldMaps.Draft draft() {
		Problems problems = new Problems();
		List<FieldMapping> mappings = new ArrayList<>();
		String[] lines = (this.fields == null) ? new String[0] : this.fields.split("\\R");
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].trim();
			if (line.isEmpty()) {
				continue;
			}
			int equals = line.lastIndexOf('=');
			// SCIM paths contain '=' only inside quotes of a filter; the last one
			// separates the field.
			if (equals <= 0 || equals == line.length() - 1) {
				problems.add("Line " + (i + 1) + " '" + line + "' is not 'Entra attribute = field'");
				continue;
			}
			String attributeText = line.substring(0, equals).trim();
			String fieldText = line.substring(equals + 1).trim();
			String typeText = null;
			int colon = fieldText.lastIndexOf(':');
			if (colon > 0) {
				typeText = fieldText.substring(colon + 1).trim();
				fieldText = fieldText.substring(0, colon).trim();
			}
			var attribute = EntraAttribute.find(attributeText);
			if (attribute.isEmpty()) {
				problems.add("Line " + (i + 1) + ": '" + attributeText + "' is not an Entra attribute (see the list)");
				continue;
			}
			FieldType type = attribute.get().type();
			if (typeText != null) {
				try {
					type = FieldType.valueOf(typeText.toUpperCase(Locale.ROOT));
				}
				catch (IllegalArgumentException ex) {
					problems.add("Line " + (i + 1) + ": type '" + typeText
							+ "' is not text, email, phone, date, boolean or reference");
					continue;
				}
			}
			mappings.add(new FieldMapping(attribute.get(), fieldText, type));
		}
		FieldMap.Target targetValue = enumValue(FieldMap.Target.class, this.target, "target", problems);
		UniqueIdentifier identifier = enumValue(UniqueIdentifier.class, this.uniqueIdentifier, "unique identifier",
				problems);
		problems.refuseIfAny();
		return new FieldMaps.Draft(this.name, targetValue, identifier, null, null, mappings);
	}

	private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String what, Problems problems) {
		try {
			return Enum.valueOf(type, String.valueOf(value).trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			problems.add("Choose a " + what);
			return null;
		}
	}

}
