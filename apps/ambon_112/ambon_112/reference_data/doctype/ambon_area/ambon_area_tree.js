// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.treeview_settings["Ambon Area"] = {
	breadcrumb: "Reference Data",
	get_tree_root: false,
	root_label: "Ambon Area",
	get_tree_nodes: "frappe.desk.treeview.get_children",
	fields: [],
	ignore_fields: ["parent_ambon_area"],
	disable_add_node: true,
};
