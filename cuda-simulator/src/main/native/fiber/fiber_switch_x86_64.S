# Cooperative context switch for the simulator's fibers (System V x86-64).
# Only what the ABI says a callee must preserve is saved: the six callee-saved
# integer registers. MXCSR and the x87 control word are left alone: all fibers
# run on the launching thread and kernels never change them, and loading them
# on every switch would cost more than the rest of the switch.
#
#   void myelin_fiber_switch(void** save_sp, void* next_sp)
        .text
        .globl  myelin_fiber_switch
        .hidden myelin_fiber_switch
        .type   myelin_fiber_switch, @function
myelin_fiber_switch:
        pushq   %rbp
        pushq   %rbx
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        movq    %rsp, (%rdi)
        movq    %rsi, %rsp
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbx
        popq    %rbp
        ret
        .size   myelin_fiber_switch, .-myelin_fiber_switch

# First code a fresh fiber runs: myelin_fiber_prepare left the entry function
# in r12 and its argument in r13. The entry never returns (it switches away).
        .globl  myelin_fiber_trampoline
        .hidden myelin_fiber_trampoline
        .type   myelin_fiber_trampoline, @function
myelin_fiber_trampoline:
        movq    %r13, %rdi
        callq   *%r12
        ud2
        .size   myelin_fiber_trampoline, .-myelin_fiber_trampoline

        .section .note.GNU-stack,"",@progbits
