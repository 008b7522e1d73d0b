//! The exact-match component as a tantivy segment plugin: tantivy hands each segment's
//! documents to [`ExactWriter`] in doc-id order on the indexing thread that writes the
//! segment, and asks [`ExactPlugin::merge`] for the component of a merged segment, so the
//! lines always carry the document ids of the segment they sit in.

use std::any::Any;
use std::io::Write;

use tantivy::indexer::doc_id_mapping::{DocIdMapping, MappingType};
use tantivy::plugin::{PluginMergeContext, PluginWriter, PluginWriterContext, SegmentPlugin};
use tantivy::schema::document::ErasedDocument;
use tantivy::schema::{Field, Schema, Value};
use tantivy::{DocId, Segment, TantivyDocument, TantivyError};

use super::{EXTENSION, LineKind, LinesBuilder, component};

/// The stored fields whose text becomes lines, by kind.
#[derive(Debug, Clone, Copy)]
pub struct LineFields {
    pub title: Field,
    pub section: Field,
    pub passage: Field,
    pub agency: Field,
}

impl LineFields {
    fn add(&self, lines: &mut LinesBuilder, doc: &TantivyDocument, id: DocId) {
        for (kind, field) in [
            (LineKind::Title, self.title),
            (LineKind::Section, self.section),
            (LineKind::Passage, self.passage),
            (LineKind::Agency, self.agency),
        ] {
            for value in doc.get_all(field) {
                if let Some(text) = value.as_str() {
                    lines.add(kind, text, id);
                }
            }
        }
    }
}

/// Registered on every zhengce index (see `index::create`).
pub struct ExactPlugin {
    pub fields: LineFields,
}

fn write_component(segment: &Segment, lines: &LinesBuilder) -> tantivy::Result<()> {
    let mut out = segment.open_write(component())?;
    lines.write(&mut out)?;
    out.flush()?;
    tantivy::directory::TerminatingWrite::terminate(out)?;
    Ok(())
}

impl SegmentPlugin for ExactPlugin {
    fn extensions(&self) -> &[&str] {
        &[EXTENSION]
    }

    fn create_writer(&self, _: &PluginWriterContext) -> tantivy::Result<Box<dyn PluginWriter>> {
        Ok(Box::new(ExactWriter {
            fields: self.fields,
            lines: LinesBuilder::default(),
        }))
    }

    /// The merged segment holds the live documents of the sources one after another (zhengce
    /// never sorts an index), so its lines are rebuilt from their stored text in that order.
    fn merge(&self, ctx: PluginMergeContext) -> tantivy::Result<()> {
        if ctx.doc_id_mapping.mapping_type() == MappingType::Shuffled {
            return Err(TantivyError::InvalidArgument(
                "exact matching needs merged segments in source order".into(),
            ));
        }
        let mut lines = LinesBuilder::default();
        let mut target: DocId = 0;
        for reader in ctx.readers {
            let store = reader.get_store_reader(1)?;
            for doc in reader.doc_ids_alive() {
                let stored: TantivyDocument = store.get(doc)?;
                self.fields.add(&mut lines, &stored, target);
                target += 1;
            }
        }
        write_component(ctx.target_segment, &lines)
    }
}

/// Collects one segment's lines while tantivy indexes it.
pub struct ExactWriter {
    fields: LineFields,
    lines: LinesBuilder,
}

impl PluginWriter for ExactWriter {
    fn add_document(
        &mut self,
        doc_id: DocId,
        doc: &dyn ErasedDocument,
        _: &Schema,
    ) -> tantivy::Result<()> {
        let doc = doc
            .as_any()
            .downcast_ref::<TantivyDocument>()
            .ok_or_else(|| TantivyError::InvalidArgument("not a TantivyDocument".into()))?;
        self.fields.add(&mut self.lines, doc, doc_id);
        Ok(())
    }

    fn serialize(
        self: Box<Self>,
        segment: &Segment,
        doc_id_map: Option<&DocIdMapping>,
    ) -> tantivy::Result<()> {
        if doc_id_map.is_some() {
            return Err(TantivyError::InvalidArgument(
                "exact matching does not support sorted indexes".into(),
            ));
        }
        write_component(segment, &self.lines)
    }

    fn mem_usage(&self) -> usize {
        self.lines.mem_usage()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}
