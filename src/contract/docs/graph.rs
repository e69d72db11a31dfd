//! The object graph from `Client`: the object definitions it reaches and the properties that lead from one to another, laid out by `layout-rs` and drawn as SVG.
//!
//! The layout (ranks, order, coordinates, edge routes) is the crate's
//! (graphviz's layered method); the drawing is this module's own
//! [`RenderBackend`], so that every box is a link to its page, every text
//! is escaped, the output is byte-identical from run to run and all
//! styling is left to the page's style sheet.

use super::super::SchemaSet;
use super::model::{self, Section};
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;
use schemakit::markdown::escape_attribute as escape;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// The defs the graph starts from.
pub const ROOTS: [&str; 1] = ["Client"];

/// Object defs and the properties that lead from one to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graph {
    /// The objects, breadth first from the roots.
    pub nodes: Vec<String>,
    /// (from, property, to), in the order found.
    pub edges: Vec<(String, String, String)>,
}

/// The objects reachable from `roots` by properties: a property leads to
/// every object def it refers to, directly or through the unions and
/// aliases (defs without properties) it refers to.
pub fn object_graph(set: &SchemaSet, roots: &[&str]) -> Graph {
    let is_object = |name: &str| {
        set.get(name)
            .is_some_and(|d| model::section(&d.value) == Section::Object)
    };
    let mut nodes: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::new();
    for root in roots.iter().filter(|r| is_object(r)) {
        if seen.insert(root.to_string()) {
            nodes.push(root.to_string());
            queue.push_back(root.to_string());
        }
    }
    let mut edges = Vec::new();
    while let Some(name) = queue.pop_front() {
        let Some(props) = set
            .get(&name)
            .and_then(|d| d.value.get("properties"))
            .and_then(Value::as_object)
        else {
            continue;
        };
        for (wire, prop) in props {
            for target in targets(set, prop) {
                edges.push((name.clone(), wire.clone(), target.clone()));
                if seen.insert(target.clone()) {
                    nodes.push(target.clone());
                    queue.push_back(target);
                }
            }
        }
    }
    Graph { nodes, edges }
}

/// The object defs `schema` leads to, sorted.
fn targets(set: &SchemaSet, schema: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut through = BTreeSet::new();
    let mut todo: Vec<String> = model::references(schema);
    while let Some(name) = todo.pop() {
        let Some(def) = set.get(&name) else { continue };
        match model::section(&def.value) {
            Section::Object => {
                out.insert(name);
            }
            Section::Enum => {}
            Section::Other => {
                if through.insert(name) {
                    todo.extend(model::references(&def.value));
                }
            }
        }
    }
    out
}

/// The size of a box's text, in the layout's units: the crate sizes a
/// label at this many units a character, about what 12px sans-serif is.
const LAYOUT_FONT: usize = 7;
const BOX_HEIGHT: f64 = 26.;

/// The graph as an SVG element (for a page: no XML declaration), each box
/// a link to `href(name)`; none when the layout fails.
pub fn svg(graph: &Graph, href: &dyn Fn(&str) -> String) -> Option<String> {
    let orientation = Orientation::LeftToRight;
    let mut vg = VisualGraph::new(orientation);
    let look = StyleAttr::new(Color::fast("black"), 1, None, 4, LAYOUT_FONT);
    let mut handles = BTreeMap::new();
    for (i, name) in graph.nodes.iter().enumerate() {
        let width = (name.chars().count() * LAYOUT_FONT) as f64 + 20.;
        let mut element = Element::create(
            ShapeKind::new_box(name),
            look.clone(),
            orientation,
            Point::new(width, BOX_HEIGHT),
        );
        element.properties = Some(i.to_string());
        handles.insert(name.as_str(), vg.add_node(element));
    }
    for (from, wire, to) in &graph.edges {
        let mut arrow = Arrow::simple(wire);
        arrow.look = look.clone();
        vg.add_edge(arrow, handles[from.as_str()], handles[to.as_str()]);
    }
    let mut canvas = Canvas::default();
    if !graph.nodes.is_empty() {
        // The crate asserts what it expects of a graph: should a schema
        // ever give one it trips on, the page goes without its picture
        // rather than `generate` without its files.
        let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            vg.do_it(false, false, false, &mut canvas)
        }));
        if drawn.is_err() {
            return None;
        }
    }
    Some(canvas.finish(graph, href))
}

/// What the layout drew, kept to be written out by [`Canvas::finish`].
#[derive(Default)]
struct Canvas {
    /// (node index, top left, size).
    boxes: Vec<(usize, Point, Point)>,
    /// A box just drawn, whose label comes next.
    pending: Option<usize>,
    /// Edge labels: (centre, text).
    labels: Vec<(Point, String)>,
    /// Edge paths (`d` of an SVG path).
    paths: Vec<String>,
    /// The far corner of what was drawn.
    max: (f64, f64),
}

impl Canvas {
    fn grow(&mut self, p: Point) {
        self.max.0 = self.max.0.max(p.x);
        self.max.1 = self.max.1.max(p.y);
    }

    fn finish(&self, graph: &Graph, href: &dyn Fn(&str) -> String) -> String {
        let (w, h) = (self.max.0 + 20., self.max.1 + 20.);
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"graph\" role=\"img\" aria-labelledby=\"graph-title\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\">\n<title id=\"graph-title\">The object graph from {}</title>\n<defs><marker id=\"arrowhead\" markerWidth=\"10\" markerHeight=\"7\" refX=\"10\" refY=\"3.5\" orient=\"auto\"><polygon points=\"0 0, 10 3.5, 0 7\" class=\"arrowhead\"/></marker></defs>\n",
            n(w),
            n(h),
            n(w),
            n(h),
            escape(&ROOTS.join(", "))
        );
        out.push_str("<g class=\"edges\">\n");
        for d in &self.paths {
            out.push_str(&format!(
                "<path class=\"edge\" d=\"{d}\" marker-end=\"url(#arrowhead)\"/>\n"
            ));
        }
        out.push_str("</g>\n<g class=\"edge-labels\">\n");
        for (at, text) in &self.labels {
            out.push_str(&format!(
                "<text class=\"edge-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" dominant-baseline=\"central\">{}</text>\n",
                n(at.x),
                n(at.y),
                escape(text)
            ));
        }
        out.push_str("</g>\n<g class=\"nodes\">\n");
        for (i, at, size) in &self.boxes {
            let Some(name) = graph.nodes.get(*i) else {
                continue;
            };
            out.push_str(&format!(
                "<a href=\"{}\"><g class=\"node\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" dominant-baseline=\"central\">{}</text></g></a>\n",
                escape(&href(name)),
                n(at.x),
                n(at.y),
                n(size.x),
                n(size.y),
                n(at.x + size.x / 2.),
                n(at.y + size.y / 2.),
                escape(name)
            ));
        }
        out.push_str("</g>\n</svg>");
        out
    }
}

/// A coordinate, to a tenth (and never `-0`).
fn n(x: f64) -> String {
    let x = (x * 10.).round() / 10.;
    if x == 0. {
        "0".into()
    } else {
        format!("{x}")
    }
}

impl RenderBackend for Canvas {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        _look: &StyleAttr,
        properties: Option<String>,
        _clip: Option<ClipHandle>,
    ) {
        if let Some(i) = properties.and_then(|p| p.parse().ok()) {
            self.grow(xy.add(size));
            self.boxes.push((i, xy, size));
            self.pending = Some(i);
        }
    }

    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}

    fn draw_text(&mut self, xy: Point, text: &str, _look: &StyleAttr) {
        // A box's own label is drawn from its name; the others are edges'.
        if self.pending.take().is_none() {
            self.grow(xy.add(Point::new(text.chars().count() as f64 * 4., 10.)));
            self.labels.push((xy, text.to_owned()));
        }
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        _dashed: bool,
        _head: (bool, bool),
        _look: &StyleAttr,
        _properties: Option<String>,
        _text: &str,
    ) {
        if path.len() < 2 {
            return;
        }
        for (a, b) in path {
            self.grow(*a);
            self.grow(*b);
        }
        let mut d = format!(
            "M {} {} C {} {}, {} {}, {} {}",
            n(path[0].0.x),
            n(path[0].0.y),
            n(path[0].1.x),
            n(path[0].1.y),
            n(path[1].0.x),
            n(path[1].0.y),
            n(path[1].1.x),
            n(path[1].1.y)
        );
        for (a, b) in &path[2..] {
            d.push_str(&format!(" S {} {}, {} {}", n(a.x), n(a.y), n(b.x), n(b.y)));
        }
        self.paths.push(d);
    }

    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_graph_starts_at_client_and_has_its_arrows() {
        let set = SchemaSet::load(Path::new("schema")).unwrap();
        let graph = object_graph(&set, &ROOTS);
        assert_eq!(graph.nodes[0], "Client");
        for (property, to) in [
            ("sessions", "Session"),
            ("sign_in", "SignIn"),
            ("sign_up", "SignUp"),
        ] {
            assert!(
                graph
                    .edges
                    .contains(&("Client".into(), property.into(), to.into())),
                "{property} → {to}: {:?}",
                graph.edges
            );
        }
        assert!(graph.nodes.iter().any(|n| n == "User"));
        let href = |name: &str| format!("{name}.html");
        let svg = svg(&graph, &href).unwrap();
        assert!(svg.contains("<a href=\"Client.html\">"));
        assert!(svg.contains(">sessions</text>"));
        assert_eq!(
            svg.matches("<path class=\"edge\"").count(),
            graph.edges.len()
        );
        assert_eq!(svg, super::svg(&graph, &href).unwrap(), "deterministic");
    }

    #[test]
    fn cycles_self_references_and_repeated_arrows_are_drawn() {
        let edge = |a: &str, p: &str, b: &str| (a.to_owned(), p.to_owned(), b.to_owned());
        let graph = Graph {
            nodes: vec!["A".into(), "B".into(), "C".into()],
            edges: vec![
                edge("A", "self", "A"),
                edge("A", "b", "B"),
                edge("A", "b2", "B"),
                edge("B", "back", "A"),
                edge("B", "c", "C"),
                edge("C", "a", "A"),
            ],
        };
        let svg = svg(&graph, &|name| format!("{name}.html")).unwrap();
        for name in ["A", "B", "C"] {
            assert!(svg.contains(&format!("<a href=\"{name}.html\">")), "{svg}");
        }
        assert!(svg.contains(">self</text>"), "{svg}");
        let empty = Graph {
            nodes: Vec::new(),
            edges: Vec::new(),
        };
        assert!(super::svg(&empty, &|name| name.to_owned())
            .unwrap()
            .starts_with("<svg"));
    }

    #[test]
    fn names_are_escaped_in_the_picture() {
        let graph = Graph {
            nodes: vec!["<A&\"x\">".into(), "B".into()],
            edges: vec![("<A&\"x\">".into(), "<script>".into(), "B".into())],
        };
        let svg = svg(&graph, &|name| format!("{name}.html\" onclick=\"x")).unwrap();
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(!svg.contains("<A&"), "{svg}");
        assert!(!svg.contains("\" onclick"), "{svg}");
        assert!(svg.contains("&lt;A&amp;&quot;x&quot;&gt;"), "{svg}");
    }
}
