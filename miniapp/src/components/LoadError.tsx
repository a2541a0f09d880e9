import { View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";

/** A card with the load error and a 重试 button. */
export function LoadError({ message, testId, onRetry }: { message?: string; testId: string; onRetry: () => void }) {
  return (
    <View className="card load-error" data-testid={testId}>
      <View className="error-text">{message}</View>
      <Button size="small" type="primary" fill="outline" onClick={onRetry}>
        重试
      </Button>
    </View>
  );
}
