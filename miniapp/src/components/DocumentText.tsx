import { View } from "@tarojs/components";
import type { TPrivacyDocument } from "@xinyi/shared";
import { formatDate } from "../lib/format";
import "./DocumentText.scss";

/** A document as published: paragraphs separated by blank lines, numbered headings (一、…) set apart. */
export function DocumentText({ doc }: { doc: TPrivacyDocument }) {
  const paragraphs = doc.text.split(/\n{2,}/);
  return (
    <View className="doc-text" data-testid={`document-${doc.kind}`} data-version={String(doc.version)}>
      <View className="doc-text__title">{doc.title}</View>
      <View className="doc-text__meta">
        第{doc.version}版 · {formatDate(doc.publishedAt)} 发布
      </View>
      {paragraphs.map((p, i) => {
        const [first, ...rest] = p.split("\n");
        const heading = /^[一二三四五六七八九十]+、/.test(first ?? "");
        return (
          <View key={i} className="doc-text__para">
            {heading ? <View className="doc-text__heading">{first}</View> : <View>{first}</View>}
            {rest.map((line, j) => (
              <View key={j}>{line}</View>
            ))}
          </View>
        );
      })}
    </View>
  );
}
