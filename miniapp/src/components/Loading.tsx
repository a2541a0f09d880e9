import { View } from "@tarojs/components";
import { Skeleton } from "@nutui/nutui-react-taro";

/** Placeholder cards while a list loads. */
export function LoadingCards({ count = 3, testId }: { count?: number; testId?: string }) {
  return (
    <View data-testid={testId}>
      {Array.from({ length: count }, (_, i) => (
        <View className="card" key={i}>
          <Skeleton rows={3} animated />
        </View>
      ))}
    </View>
  );
}
