// The text of a PDF as a reader gets it: pdf.js (Mozilla's, the legacy build for Node), page by page, every
// run of whitespace made one space so a line wrapped by the layout still reads as the sentence it is.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export async function pdfText(data: Uint8Array): Promise<{ pages: number; text: string }> {
  const pdf = await getDocument({ data, isEvalSupported: false, useSystemFonts: false }).promise;
  let text = '';
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const content = await page.getTextContent();
    for (const item of content.items) {
      if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
    }
    text += '\n';
  }
  const pages = pdf.numPages;
  await pdf.destroy();
  // a word the layout broke at its hyphen is one word again
  return { pages, text: text.replace(/-\n/g, '-').replace(/\s+/g, ' ') };
}
