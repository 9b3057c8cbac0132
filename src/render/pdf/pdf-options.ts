import { ParseSpeeds, type LoadOptions, type SaveOptions } from 'pdf-lib';

/**
 * How precept loads PDFs with pdf-lib: keep the document's own metadata (precept sets it
 * explicitly), and parse in one go: pdf-lib's default yields to the event loop every 100
 * objects, which costs more than the parsing on documents this size.
 */
export const LOAD: LoadOptions = { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest };

/**
 * How precept saves: no object streams (a signature placeholder must stay findable, and output
 * is the same every time), no default page or form appearances added, no yielding.
 */
export const SAVE: SaveOptions = { useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity };
