package app.provisioning.support;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How one Graph entity type is rendered: its property names, what a request without
 * {@code $select} gets, and {@code $select} checking (Graph refuses unknown properties,
 * and matches names case-insensitively). Also the paging all collections share.
 */
final class FakeGraphShape<T> {

	static final FakeGraphShape<FakeGraphUser> USER = new FakeGraphShape<>("microsoft.graph.user",
			FakeGraphUser.PROPERTIES, FakeGraphUser.DEFAULT_SELECT, FakeGraphUser::property);

	static final FakeGraphShape<FakeGraphGroup> GROUP = new FakeGraphShape<>("microsoft.graph.group",
			FakeGraphGroup.PROPERTIES, FakeGraphGroup.PROPERTIES, FakeGraphGroup::property);

	static final FakeGraphShape<FakeGraphApp> APPLICATION = new FakeGraphShape<>("microsoft.graph.application",
			FakeGraphApp.APPLICATION_PROPERTIES, FakeGraphApp.APPLICATION_PROPERTIES,
			FakeGraphApp::applicationProperty);

	static final FakeGraphShape<FakeGraphApp> SERVICE_PRINCIPAL = new FakeGraphShape<>(
			"microsoft.graph.servicePrincipal", FakeGraphApp.SERVICE_PRINCIPAL_PROPERTIES,
			FakeGraphApp.SERVICE_PRINCIPAL_PROPERTIES, FakeGraphApp::servicePrincipalProperty);

	/** Collections Graph pages at 100 unless {@code $top} says otherwise. */
	static final int DEFAULT_TOP = 100;

	private final String type;

	private final Map<String, String> names = new LinkedHashMap<>();

	private final List<String> defaults;

	private final BiFunction<T, String, JsonNode> property;

	private FakeGraphShape(String type, List<String> properties, List<String> defaults,
			BiFunction<T, String, JsonNode> property) {
		this.type = type;
		properties.forEach((name) -> this.names.put(name.toLowerCase(Locale.ROOT), name));
		this.defaults = defaults;
		this.property = property;
	}

	String type() {
		return this.type;
	}

	/**
	 * The properties to return: {@code $select} (id always first) or the type's default
	 * set.
	 */
	List<String> select(String select) {
		if (select == null || select.isBlank()) {
			return this.defaults;
		}
		List<String> selected = new ArrayList<>();
		selected.add("id");
		for (String requested : select.split(",")) {
			String name = this.names.get(requested.trim().toLowerCase(Locale.ROOT));
			if (name == null) {
				throw FakeGraphResponse
					.badRequest(
							"Could not find a property named '" + requested.trim() + "' on type '" + this.type + "'.")
					.fail();
			}
			if (!selected.contains(name)) {
				selected.add(name);
			}
		}
		return selected;
	}

	/**
	 * The fragment of {@code @odata.context} naming the selected properties, e.g.
	 * {@code (id,mail)}.
	 */
	static String contextSelection(String select) {
		return (select == null || select.isBlank()) ? "" : "(" + select.replace(" ", "") + ")";
	}

	ObjectNode render(T item, List<String> properties) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		for (String name : properties) {
			node.set(name, this.property.apply(item, name));
		}
		return node;
	}

	/**
	 * One page of a collection in position order: at most {@code $top} items after the
	 * {@code $skiptoken}'s position, and a next link while more remain.
	 */
	static <T> ObjectNode page(FakeGraphRequest request, String context, NavigableMap<Long, T> items,
			Function<T, ObjectNode> render) {
		int top = request.top(DEFAULT_TOP);
		Long after = request.after();
		NavigableMap<Long, T> rest = (after != null) ? items.tailMap(after, false) : items;
		ObjectNode page = JsonNodeFactory.instance.objectNode();
		page.put("@odata.context", request.context(context));
		if (request.countRequested()) {
			page.put("@odata.count", items.size());
		}
		ArrayNode values = JsonNodeFactory.instance.arrayNode();
		Iterator<Map.Entry<Long, T>> iterator = rest.entrySet().iterator();
		long last = 0;
		while (values.size() < top && iterator.hasNext()) {
			Map.Entry<Long, T> entry = iterator.next();
			values.add(render.apply(entry.getValue()));
			last = entry.getKey();
		}
		if (iterator.hasNext()) {
			page.put("@odata.nextLink", request.nextLink(last));
		}
		page.set("value", values);
		return page;
	}

}
