package app.provisioning.scim.schema;

import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Type;

/**
 * An attribute path checked against the schema: which schema holds it (null for the core
 * schema and the common attributes), the attribute, an optional value filter on it, and
 * an optional sub-attribute. Names are the schema's canonical spelling whatever the
 * client sent.
 */
public record ResolvedAttribute(String schemaUrn, AttributeDefinition attribute, Filter valueFilter,
		AttributeDefinition subAttribute) {

	public boolean inExtension() {
		return this.schemaUrn != null;
	}

	public String name() {
		return this.attribute.getName();
	}

	public boolean isMultiValued() {
		return this.attribute.isMultiValued();
	}

	public boolean isComplex() {
		return this.attribute.getType() == Type.COMPLEX;
	}

	public boolean hasSubAttribute() {
		return this.subAttribute != null;
	}

	/** The definition a value at this path must satisfy. */
	public AttributeDefinition target() {
		return (this.subAttribute != null) ? this.subAttribute : this.attribute;
	}

	public ResolvedAttribute withSubAttribute(AttributeDefinition sub) {
		return new ResolvedAttribute(this.schemaUrn, this.attribute, this.valueFilter, sub);
	}

	/** How the path reads in an error message. */
	public String describe() {
		StringBuilder text = new StringBuilder();
		if (this.schemaUrn != null) {
			text.append(this.schemaUrn).append(':');
		}
		text.append(this.attribute.getName());
		if (this.valueFilter != null) {
			text.append('[').append(this.valueFilter).append(']');
		}
		if (this.subAttribute != null) {
			text.append('.').append(this.subAttribute.getName());
		}
		return text.toString();
	}

}
