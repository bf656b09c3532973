/* Busy functions named with the C++ standard-library abbreviations (Ss, Si, So, Sd): perf shows
   them in libiberty's short form (std::string) except before a constructor or destructor. */
#define BUSY(id, symbol) \
    __attribute__((noinline)) void id(void) __asm__(symbol); \
    void id(void) { for (volatile long i = 0; i < 30000000; i++); }

BUSY(string_ctor, "_ZNSsC1Ev")
BUSY(string_size, "_ZNKSs4sizeEv")
BUSY(ostream_flush, "_ZNSo5flushEv")
BUSY(iostream_dtor, "_ZNSdD0Ev")
BUSY(istream_read, "_ZNSi4readEPcl")
BUSY(vector_push_back, "_ZNSt6vectorISsSaISsEE9push_backERKSs")
BUSY(string_rep_create, "_ZNSs4_Rep9_S_createEmmRKSaIcE")

int main(void)
{
    string_ctor(); string_size(); ostream_flush(); iostream_dtor();
    istream_read(); vector_push_back(); string_rep_create();
    return 0;
}
